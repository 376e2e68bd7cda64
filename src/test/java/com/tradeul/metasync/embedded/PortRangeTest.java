package com.tradeul.metasync.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PortRangeTest {

    @Test
    void theDefaultLinuxRangeLeavesThePortsFromTenThousandBelowIt() {
        PortRange range = PortRange.belowEphemeral("32768\t60999\n");

        assertThat(range).isEqualTo(new PortRange(10_000, 32_768));
        assertThat(range.size()).isEqualTo(22_768);
    }

    @Test
    void anEphemeralRangeStartingLowLeavesNoneAndTheKernelChooses() {
        assertThat(PortRange.belowEphemeral("1024 65535")).isEqualTo(PortRange.EMPTY);
        assertThat(PortRange.belowEphemeral("11000 65535")).isEqualTo(PortRange.EMPTY);
        assertThat(PortRange.EMPTY.size()).isZero();
        assertThat(PortRange.belowEphemeral("12000 65535").size()).isEqualTo(2_000);
    }

    @Test
    void randomPortsStayInsideTheRange() {
        PortRange range = new PortRange(10_000, 10_010);
        Random random = new Random(17);
        for (int i = 0; i < 1_000; i++) {
            assertThat(range.random(random)).isBetween(10_000, 10_009);
        }
    }

    @Test
    void contentThatIsNotTwoNumbersIsRefused() {
        assertThatThrownBy(() -> PortRange.belowEphemeral("32768")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortRange.belowEphemeral("a b")).isInstanceOf(NumberFormatException.class);
    }
}

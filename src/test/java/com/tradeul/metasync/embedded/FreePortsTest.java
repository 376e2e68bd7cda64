package com.tradeul.metasync.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    private static IntSupplier kernelOffering(Integer... ports) {
        Iterator<Integer> next = List.of(ports).iterator();
        return next::next;
    }

    @Test
    void aPortTheKernelOffersAgainIsSkipped() {
        // What failed CI once: a broker's client and controller picks both got 38057.
        Set<Integer> handedOut = new HashSet<>();
        IntSupplier kernel = kernelOffering(38057, 38057, 38057, 41000);

        assertThat(FreePorts.pickUnused(kernel, handedOut)).isEqualTo(38057);
        assertThat(FreePorts.pickUnused(kernel, handedOut)).isEqualTo(41000);
        assertThat(handedOut).containsExactlyInAnyOrder(38057, 41000);
    }

    @Test
    void aKernelThatOffersOnlyHandedOutPortsEndsInAnErrorNamingTheFix() {
        Set<Integer> handedOut = new HashSet<>(Set.of(5000));

        assertThatThrownBy(() -> FreePorts.pickUnused(() -> 5000, handedOut))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not already handed out")
                .hasMessageContaining("ss -ltn");
    }

    @Test
    void picksOnLinuxComeFromBelowTheEphemeralRange() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        assumeTrue(Files.isReadable(range), "not Linux");
        PortRange below = PortRange.belowEphemeral(PortRange.readProcFile(range));
        assumeTrue(below.size() > 0, "no room below the ephemeral range");

        for (int i = 0; i < 50; i++) {
            assertThat(FreePorts.pick()).isBetween(below.first(), below.end() - 1);
        }
    }

    @Test
    void picksInOneProcessNeverRepeatAndAreNotTheCheckedPort() {
        int checked = FreePorts.pickOrCheck(FreePorts.pick());
        Set<Integer> seen = new HashSet<>(Set.of(checked));
        for (int i = 0; i < 300; i++) {
            assertThat(seen.add(FreePorts.pick())).as("pick %d repeated a port", i).isTrue();
        }
    }
}

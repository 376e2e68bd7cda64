package com.tradeul.metasync.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.ConfigException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvictionAtStartTest {

    @ParameterizedTest(name = "{0} enforce={1} allow={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
        "noeviction,     false, false, Proceed",
        "-,              false, false, Proceed",
        "allkeys-lru,    false, false, Refuse",
        "volatile-ttl,   false, false, Refuse",
        "allkeys-random, true,  false, Enforce",
        "allkeys-lfu,    true,  true,  Enforce",
        "allkeys-lru,    false, true,  Accept",
    })
    void an_evicting_policy_is_refused_unless_the_user_chose_to_enforce_or_accept(String policy, boolean enforce, boolean allow,
                                                                                   String expected) {
        EvictionAtStart.Decision decision = EvictionAtStart.decide(Optional.ofNullable(policy), enforce, allow, "redis://cache:6379");

        assertThat(decision.getClass().getSimpleName()).isEqualTo(expected);
        if (decision instanceof EvictionAtStart.Decision.Refuse refuse) {
            assertThat(refuse.why().kind()).isEqualTo(ConfigException.Kind.UNFIT);
            assertThat(refuse.why().oneLine()).contains("redis://cache:6379 has maxmemory-policy " + policy,
                    "Fix: CONFIG SET maxmemory-policy noeviction", "guard.mode=enforce", "guard.allow-eviction=true");
        }
    }
}

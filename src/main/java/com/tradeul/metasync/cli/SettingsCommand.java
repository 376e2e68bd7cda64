package com.tradeul.metasync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.tradeul.metasync.config.MetasyncConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every command that reads metasync's settings shares: the settings options, the environment
 * the root command was given, and printing only through picocli's writers (so tests capture it).
 */
abstract class SettingsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    MetasyncCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    /** Defaults < settings file < METASYNC_* variables < --set. */
    MetasyncConfig loadConfig() {
        return configOptions.load(parent.environment());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Indented JSON, as every --json option prints it. */
    static String json(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }
}

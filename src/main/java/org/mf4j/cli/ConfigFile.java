package org.mf4j.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code fit --config FILE}: a JSON object whose {@code "options"} maps fit option names (without the
 * dashes) to values, as {@code mf4j tune --best-config} writes it. The file's options come first and the
 * options given on the command line replace them.
 */
final class ConfigFile {
  private ConfigFile() {}

  /** The options of a config file, in file order, values as strings. */
  static Map<String, String> read(Path file) throws IOException {
    Object parsed;
    try {
      parsed = JSON.std.anyFrom(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("--config " + file + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (!(parsed instanceof Map<?, ?> top) || !(top.get("options") instanceof Map<?, ?> options)) {
      throw new IllegalArgumentException("--config " + file + " has no \"options\" object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    options.forEach((key, v) -> {
      if (v == null || v instanceof Map || v instanceof List) {
        throw new IllegalArgumentException("--config " + file + ": option '" + key + "' must be a string, number or boolean");
      }
      out.put(String.valueOf(key), String.valueOf(v));
    });
    return out;
  }

  /** A fit command parsed from the file's options overridden by those that {@code spec} matched on the command line. */
  static FitCommand withDefaults(Path file, CommandSpec spec) throws IOException {
    ParseResult given = spec.commandLine().getParseResult();
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, String> e : read(file).entrySet()) {
      OptionSpec o = spec.findOption("--" + e.getKey());
      if (o == null || e.getKey().equals("config")) {
        throw new IllegalArgumentException("--config " + file + ": '" + e.getKey() + "' is not an option of mf4j fit");
      }
      if (given.hasMatchedOption(o)) continue;
      if (o.arity().max() == 0) {
        if (Boolean.parseBoolean(e.getValue())) args.add(o.longestName());
      } else {
        args.add(o.longestName());
        args.add(e.getValue());
      }
    }
    for (OptionSpec o : given.matchedOptions()) {
      if (o.longestName().equals("--config")) continue;
      if (o.arity().max() == 0) {
        args.add(o.longestName());
      } else {
        for (String v : o.originalStringValues()) {
          args.add(o.longestName());
          args.add(v);
        }
      }
    }
    FitCommand fit = new FitCommand();
    try {
      new CommandLine(fit).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException("--config " + file + ": " + e.getMessage());
    }
    return fit;
  }
}

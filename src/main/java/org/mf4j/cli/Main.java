package org.mf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mf4j} command: parses arguments and hands over to a subcommand. */
@Command(name = "mf4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Matrix factorization for the JVM: explicit ALS on Java Vector API kernels.",
    subcommands = {FitCommand.class, TuneCommand.class, GenerateCommand.class, EvalCommand.class, RecommendCommand.class,
        SimilarCommand.class, PredictCommand.class, FoldInCommand.class, ExportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (0 ok, 1 failure at run time, 2 bad arguments). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // Expected failures (bad input, bad settings) get one clear line; anything else its stack trace.
      if (e instanceof java.io.IOException || e instanceof IllegalArgumentException || e instanceof ArithmeticException
          || e instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("mf4j " + cmd.getCommandName() + ": error: " + e.getMessage());
      } else {
        e.printStackTrace(cmd.getErr());
      }
      cmd.getErr().flush();
      return 1;
    });
    return cl.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"mf4j " + (v == null ? "(development build)" : v) + " on Java " + Runtime.version()};
    }
  }
}

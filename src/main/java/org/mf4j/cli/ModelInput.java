package org.mf4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model FILE}, the saved model every serving command reads (a picocli mixin). */
final class ModelInput {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (from mf4j fit --model).")
  Path file;
}

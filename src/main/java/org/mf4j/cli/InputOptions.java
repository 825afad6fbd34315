package org.mf4j.cli;

import java.util.Locale;
import org.mf4j.data.RatingFormat;
import org.mf4j.data.ReadOptions;
import picocli.CommandLine.Option;

/** How rating files are read: the options every command that reads them shares (a picocli mixin). */
final class InputOptions {
  @Option(names = "--format", defaultValue = "auto", description = "auto (default), movielens-100k, movielens-dat, movielens-csv, netflix, delimited.")
  String format;
  @Option(names = "--delimiter", description = "Field delimiter for --format delimited: a string, \\t, or 'whitespace'.")
  String delimiter;
  @Option(names = "--columns", description = "Column order, e.g. user,item,rating[,timestamp][,weight]; 'skip' ignores a column.")
  String columns;
  @Option(names = "--header", description = "yes, no or auto (default): whether the first line is a header.")
  String header;
  @Option(names = "--skip-invalid", description = "Count and report bad lines instead of stopping at the first.")
  boolean skipInvalid;

  /** The read options these flags give (callers add duplicates and timestamps policy). */
  ReadOptions readOptions() {
    ReadOptions o = ReadOptions.DEFAULT.withFormat(FitCommand.parseEnum(RatingFormat.class, format, "--format"));
    if (delimiter != null) o = o.withDelimiter(delimiter);
    if (columns != null) o = o.withColumns(columns);
    if (header != null) {
      o = o.withHeader(switch (header.toLowerCase(Locale.ROOT)) {
        case "yes", "true", "present" -> ReadOptions.Header.PRESENT;
        case "no", "false", "absent" -> ReadOptions.Header.ABSENT;
        case "auto" -> ReadOptions.Header.AUTO;
        default -> throw new IllegalArgumentException("--header '" + header + "' is not one of yes, no, auto");
      });
    }
    return o.withSkipInvalid(skipInvalid);
  }
}

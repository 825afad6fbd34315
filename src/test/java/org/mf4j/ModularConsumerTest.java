package org.mf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.model.FactorModel;

/**
 * mf4j as a module a JPMS application {@code requires}: a consumer module compiles against the exported
 * API and trains, saves, loads and serves a model in its own module layer (so the descriptor's
 * {@code requires} are complete), while a consumer that imports an internal package does not compile.
 */
class ModularConsumerTest {
  @TempDir Path dir;

  private static final String GOOD = """
      package consumer;

      import java.nio.file.Path;
      import java.util.function.Supplier;
      import org.mf4j.api.AlsConfig;
      import org.mf4j.api.Ratings;
      import org.mf4j.data.RatingsBuilder;
      import org.mf4j.kernel.KernelProvider;
      import org.mf4j.model.FactorModel;
      import org.mf4j.model.ModelFile;

      public final class App implements Supplier<String> {
        public String get() {
          RatingsBuilder b = new RatingsBuilder();
          for (int u = 0; u < 30; u++) for (int i = 0; i < 20; i++) if ((u * 7 + i * 3) % 4 == 0) b.add("u" + u, "i" + i, 1 + (u + i) % 5);
          Ratings r = b.build();
          try (FactorModel m = new org.mf4j.solver.als.AlsTrainer(AlsConfig.defaults().withRank(4).withIterations(3).withThreads(1)).fit(r)) {
            Path f = Path.of(System.getProperty("consumer.model"));
            ModelFile.write(m, f);
            try (FactorModel loaded = ModelFile.read(f, KernelProvider.get()).model()) {
              return KernelProvider.get().name() + " " + loaded.recommend(0, 3).size() + " " + loaded.foldInUser(new int[] {1, 2}, new float[] {5, 3}).length;
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
      """;

  @Test
  void aConsumerModuleTrainsSavesLoadsAndServes() throws Exception {
    Path src = write("good", GOOD), out = dir.resolve("good-classes");
    String errors = javac(src, out);
    assertEquals("", errors, "the consumer compiles against the exported API");
    List<Path> paths = new ArrayList<>(modulePath());
    paths.add(out);
    ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
    ModuleLayer boot = ModuleLayer.boot();
    Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of("consumer"));
    ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    Class<?> app = layer.findLoader("consumer").loadClass("consumer.App");
    assertTrue(app.getModule().isNamed() && layer.findModule("org.mf4j").isPresent(), "mf4j runs as a named module");
    System.setProperty("consumer.model", dir.resolve("m.mf4j").toString());
    @SuppressWarnings("unchecked")
    Supplier<String> run = (Supplier<String>) app.getConstructor().newInstance();
    String result = run.get();
    String kernels = System.getProperty("mf4j.kernels", "auto").equals("scalar") ? "scalar" : "panama";
    assertTrue(result.startsWith(kernels), "kernels in the module layer: " + result);
    assertTrue(result.endsWith(" 3 4"), result);
  }

  @Test
  void internalPackagesAreNotVisibleToAConsumer() throws Exception {
    Path src = write("bad", """
        package consumer;
        public final class Bad { Object pool = org.mf4j.parallel.RowSweep.class; }
        """);
    String errors = javac(src, dir.resolve("bad-classes"));
    assertTrue(errors.contains("package org.mf4j.parallel is not visible"), errors);
  }

  private Path write(String name, String app) throws Exception {
    Path src = dir.resolve(name);
    Files.createDirectories(src.resolve("consumer"));
    Files.writeString(src.resolve("module-info.java"), "module consumer { requires org.mf4j; exports consumer; }\n");
    Files.writeString(src.resolve("consumer").resolve(app.contains("class Bad") ? "Bad.java" : "App.java"), app);
    return src;
  }

  /** Compiles the consumer module; returns the compiler's diagnostics ("" when it compiled cleanly). */
  private static String javac(Path src, Path out) throws Exception {
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--module-path",
        String.join(File.pathSeparator, modulePath().stream().map(Path::toString).toList())));
    try (var files = Files.walk(src)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = ToolProvider.getSystemJavaCompiler().run(null, err, err, args.toArray(String[]::new));
    String text = err.toString(StandardCharsets.UTF_8) // this JVM's own incubator module is not the consumer's doing
        .replaceAll("(?m)^warning: \\[incubating\\] using incubating module\\(s\\): jdk.incubator.vector\\R(1 warning\\R)?", "");
    return rc == 0 ? text : text.isEmpty() ? "javac failed" : text;
  }

  /** mf4j's classes and its two library dependencies (fastutil, xz) as the test's class path has them. */
  private static List<Path> modulePath() throws URISyntaxException {
    List<Path> paths = new ArrayList<>();
    paths.add(Path.of(FactorModel.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(e).getFileName().toString();
      if (name.startsWith("fastutil-core-") || name.startsWith("xz-")) paths.add(Path.of(e));
    }
    assertEquals(3, paths.size(), "mf4j, fastutil and xz: " + paths);
    return paths;
  }
}

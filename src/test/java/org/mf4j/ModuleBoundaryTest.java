package org.mf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mf4j.model.FactorModel;

/**
 * The module's boundary: exactly the API packages are exported, the SIMD kernels, the worker pool and
 * the CLI are not, and no public signature of an exported type mentions a type a module user cannot see.
 */
class ModuleBoundaryTest {
  static final Set<String> INTERNAL = Set.of("org.mf4j.kernel.panama", "org.mf4j.parallel", "org.mf4j.solver.internal", "org.mf4j.cli");

  @Test
  void internalPackagesAreNotExported() throws IOException {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("org.mf4j", d.name());
    Set<String> exported = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> packages = new TreeSet<>(); // javac's descriptor lists only exported and opened packages: walk the classes
    try (Stream<Path> files = Files.walk(classes())) {
      files.filter(f -> f.toString().endsWith(".class") && f.getParent() != null && !f.getParent().equals(classes()))
          .forEach(f -> packages.add(classes().relativize(f.getParent()).toString().replace('/', '.')));
    }
    packages.removeAll(exported);
    assertEquals(new TreeSet<>(INTERNAL), packages, "the packages that are not exported");
    for (ModuleDescriptor.Requires r : d.requires()) {
      boolean optional = r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC);
      if (Set.of("info.picocli", "com.fasterxml.jackson.jr.ob", "me.tongfei.progressbar", "org.knowm.xchart", "jdk.incubator.vector")
          .contains(r.name())) {
        assertTrue(optional, r.name() + " must be optional (requires static): a library user does not need it");
      }
    }
  }

  @Test
  void exportedSignaturesMentionOnlyVisibleTypes() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : apiClasses()) {
      if (!Modifier.isPublic(c.getModifiers())) continue;
      List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
      members.addAll(List.of(c.getDeclaredConstructors()));
      for (Executable m : members) {
        if (!Modifier.isPublic(m.getModifiers()) && !Modifier.isProtected(m.getModifiers())) continue;
        List<Class<?>> types = new ArrayList<>(List.of(m.getParameterTypes()));
        types.addAll(List.of(m.getExceptionTypes()));
        if (m instanceof Method method) types.add(method.getReturnType());
        for (Class<?> t : types) if (hidden(t)) leaks.add(c.getName() + "." + (m instanceof Constructor ? "<init>" : m.getName()) + ": " + t.getName());
      }
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers()) && hidden(f.getType())) leaks.add(c.getName() + "." + f.getName() + ": " + f.getType().getName());
      }
    }
    assertTrue(leaks.isEmpty(), "public signatures with internal types: " + leaks);
  }

  private static boolean hidden(Class<?> t) {
    while (t.isArray()) t = t.getComponentType();
    if (t.isPrimitive()) return false;
    String p = t.getPackageName();
    return INTERNAL.contains(p) || (p.startsWith("org.mf4j") && !Modifier.isPublic(t.getModifiers()));
  }

  /** The build's class folder (or jar root) holding mf4j's main classes. */
  private static Path classes() {
    try {
      return Path.of(FactorModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The classes of the exported packages, from the build's class folder. */
  private static List<Class<?>> apiClasses() throws IOException, ClassNotFoundException {
    Path root = classes();
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class")).toList()) {
        String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        String pkg = name.substring(0, name.lastIndexOf('.'));
        if (!INTERNAL.contains(pkg)) out.add(Class.forName(name, false, ModuleBoundaryTest.class.getClassLoader()));
      }
    }
    assertTrue(out.size() > 50, "found the classes: " + out.size());
    return out;
  }
}

package org.mf4j.kernel;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the {@link Kernels} implementation once per JVM.
 *
 * <p>{@code panama} (the Vector API kernels) when the {@code jdk.incubator.vector} module is present
 * and the JIT is C2; otherwise {@code scalar}, with one log line saying why. The choice can be forced
 * with the system property {@value #PROPERTY} = {@code scalar | panama | auto} (the CLI's
 * {@code --kernels}). Forcing {@code panama} where it cannot load is an error, not a silent fallback.
 * The Panama class is loaded by name, so this class, and everything but {@code kernel.panama}, runs on a
 * JVM without the incubator module.
 */
public final class KernelProvider {
  /** System property that forces an implementation: scalar, panama or auto. */
  public static final String PROPERTY = "mf4j.kernels";

  private static final System.Logger LOG = System.getLogger(KernelProvider.class.getName());
  private static final String PANAMA_CLASS = "org.mf4j.kernel.panama.PanamaKernels";

  private static volatile Kernels defaultKernels;
  private static volatile String fallbackReason;

  private KernelProvider() {}

  /** The implementation chosen by {@value #PROPERTY} (default auto). */
  public static Kernels get() {
    Kernels k = defaultKernels;
    if (k == null) {
      synchronized (KernelProvider.class) {
        k = defaultKernels;
        if (k == null) defaultKernels = k = forName(System.getProperty(PROPERTY, "auto"));
      }
    }
    return k;
  }

  /**
   * The implementation for a name: {@code scalar}, {@code panama} or {@code auto}.
   *
   * @throws IllegalArgumentException for another name, or for {@code panama} when it cannot load
   */
  public static Kernels forName(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "scalar":
        return ScalarKernels.INSTANCE;
      case "panama": {
        String why = panamaUnavailableReason();
        if (why != null) throw new IllegalArgumentException("panama kernels requested but " + why);
        return loadPanama();
      }
      case "auto": {
        String why = panamaUnavailableReason();
        if (why == null) return loadPanama();
        if (fallbackReason == null) {
          fallbackReason = why;
          LOG.log(Level.WARNING, "mf4j: using scalar kernels because " + why);
        }
        return ScalarKernels.INSTANCE;
      }
      default:
        throw new IllegalArgumentException(
            "kernels = '" + name + "' is not one of scalar, panama, auto (property " + PROPERTY + ")");
    }
  }

  /** Why the Panama kernels would not be used in this JVM, or null when they would. */
  public static String panamaUnavailableReason() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "the jdk.incubator.vector module is not enabled (run java with --add-modules jdk.incubator.vector)";
    }
    String vmName = System.getProperty("java.vm.name", "");
    if (vmName.contains("Client") || vmName.contains("Zero")) {
      return "the JVM (" + vmName + ") has no C2 compiler to turn vector code into SIMD";
    }
    for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("4")) {
        return "C2 is disabled (" + arg + "), so vector code would run interpreted";
      }
      if (arg.equals("-Xint")) return "the JVM runs interpreted (-Xint)";
    }
    return null;
  }

  private static Kernels loadPanama() {
    try {
      return (Kernels) Class.forName(PANAMA_CLASS).getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot load " + PANAMA_CLASS + ": " + e, e);
    }
  }
}

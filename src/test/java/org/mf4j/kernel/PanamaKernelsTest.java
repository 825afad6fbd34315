package org.mf4j.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The contract for the Vector API kernels, at whatever width this run uses (see pom: 3 runs). */
class PanamaKernelsTest extends KernelsContractTest {
  @BeforeAll
  static void needsVectorModule() {
    // The pom always adds the module; this only guards a run of the tests outside Maven.
    assumeTrue(KernelProvider.panamaUnavailableReason() == null, KernelProvider::panamaUnavailableReason);
  }

  @Override
  Kernels kernels() {
    return KernelProvider.forName("panama");
  }
}

package org.mf4j.kernel;

class ScalarKernelsTest extends KernelsContractTest {
  @Override
  Kernels kernels() {
    return ScalarKernels.INSTANCE;
  }
}

/**
 * The compute kernels every solver and the serving code run on, behind one interface,
 * {@link org.mf4j.kernel.Kernels}: dot products, Gram builds of gathered panels, batched Cholesky
 * factor-and-solve, CG steps, fused SGD/Adam updates and the blocked scoring product. Two
 * implementations: {@link org.mf4j.kernel.ScalarKernels}, the plain-Java reference and fallback, and the
 * Java Vector API one in the internal package {@code org.mf4j.kernel.panama}.
 * {@link org.mf4j.kernel.KernelProvider} picks one (system property {@code mf4j.kernels}: {@code auto},
 * {@code panama} or {@code scalar}; {@code mf4j.vector.bits} narrows the SIMD width), falling back to
 * scalar with one log line when the {@code jdk.incubator.vector} module is not enabled.
 * {@link org.mf4j.kernel.FmaPeak} measures the machine's FMA peak, the yardstick of every throughput figure.
 */
package org.mf4j.kernel;

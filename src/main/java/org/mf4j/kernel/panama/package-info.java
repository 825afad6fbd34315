/**
 * The Java Vector API ({@code jdk.incubator.vector}) implementation of {@link org.mf4j.kernel.Kernels},
 * written for whatever {@code FloatVector.SPECIES_PREFERRED} is (or the width {@code mf4j.vector.bits}
 * asks for): register-tiled Gram and scoring products, lane-interleaved batched Cholesky, fused SGD and
 * Adam steps. The only package that imports the Vector API; reached through
 * {@link org.mf4j.kernel.KernelProvider}.
 *
 * <p>Internal: not exported from the {@code org.mf4j} module; no compatibility promise.
 */
package org.mf4j.kernel.panama;

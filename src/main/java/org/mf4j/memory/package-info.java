/**
 * Off-heap factor matrices: {@link org.mf4j.memory.FactorMatrix} holds rows × K floats in one
 * {@link java.lang.foreign.MemorySegment} of a shared arena, each row 64-byte aligned and its stride K
 * rounded up to 16 floats (padding zero), so SIMD kernels read whole vectors with no tail. Matrices are
 * allocated zeroed, mapped read-only from model files, or viewed read-only; the owner closes them.
 */
package org.mf4j.memory;

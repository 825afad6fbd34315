/**
 * Sparse matrices: {@link org.mf4j.sparse.CsrMatrix}, compressed sparse rows with {@code float} values,
 * the form in which trainers and evaluators hold the observed entries (users × items by user, and its
 * transpose by item).
 *
 * <p>Matrices are built in O(nnz) from (row, column, value) triplets by a stable counting sort, one at a
 * time ({@link org.mf4j.sparse.CsrMatrix#build}) or with the transpose on several threads
 * ({@link org.mf4j.sparse.CsrMatrix#buildBoth}). They are immutable and safe to share between threads;
 * their arrays are exposed without copying and are read-only by contract.
 */
package org.mf4j.sparse;

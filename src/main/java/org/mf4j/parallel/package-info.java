/**
 * The worker pool of the solvers: {@code RowSweep} splits rows into cost-balanced ranges on a
 * ForkJoinPool with per-worker scratch space (lock-free: each row is written by one worker), and runs task
 * graphs (SGD's stratified blocks) as counted completers.
 *
 * <p>Internal: not exported from the {@code org.mf4j} module; no compatibility promise.
 */
package org.mf4j.parallel;

/**
 * mf4j: matrix factorization for the JVM — explicit, weighted and implicit ALS, SGD and Adam, and the
 * zero-filled SVD on Java Vector API kernels over off-heap factor matrices, with serving (top-N, similar
 * items, fold-in, partial fit), model files and exports.
 *
 * <p>Where to start: the configs and {@link org.mf4j.api.Ratings} in {@code org.mf4j.api}; the readers and
 * {@link org.mf4j.data.RatingsBuilder} in {@code org.mf4j.data}; a trainer per method
 * ({@link org.mf4j.solver.als.AlsTrainer}, {@link org.mf4j.solver.als.WalsTrainer},
 * {@link org.mf4j.solver.sgd.SgdTrainer}, {@link org.mf4j.solver.sgd.AdamTrainer},
 * {@link org.mf4j.solver.svd.ZeroFilledSvd}) whose {@code fit} returns a {@link org.mf4j.model.FactorModel};
 * {@link org.mf4j.model.ModelFile} to save and load it.
 *
 * <p>The Vector API is an incubator module, read only if the application resolves it
 * ({@code --add-modules jdk.incubator.vector}); without it the scalar kernels are used and
 * {@link org.mf4j.kernel.KernelProvider} says so. Not exported: the SIMD kernels
 * ({@code org.mf4j.kernel.panama}, reached through {@link org.mf4j.kernel.Kernels}), the worker pool
 * ({@code org.mf4j.parallel}), the solvers' building blocks ({@code org.mf4j.solver.internal}: Gramians,
 * batched Cholesky and CG, residuals) and the command line ({@code org.mf4j.cli}).
 */
module org.mf4j {
  requires static jdk.incubator.vector;
  requires java.management;
  requires it.unimi.dsi.fastutil.core;
  requires org.tukaani.xz;
  // the command line's libraries: optional dependencies, present only where the CLI runs
  requires static info.picocli;
  requires static com.fasterxml.jackson.jr.ob;
  requires static me.tongfei.progressbar;
  requires static org.knowm.xchart;
  requires static java.desktop;

  exports org.mf4j.api;
  exports org.mf4j.data;
  exports org.mf4j.eval;
  exports org.mf4j.kernel;
  exports org.mf4j.memory;
  exports org.mf4j.model;
  exports org.mf4j.serving;
  exports org.mf4j.solver;
  exports org.mf4j.solver.als;
  exports org.mf4j.solver.sgd;
  exports org.mf4j.solver.svd;
  exports org.mf4j.sparse;
  exports org.mf4j.tune;

  opens org.mf4j.cli to info.picocli;
}

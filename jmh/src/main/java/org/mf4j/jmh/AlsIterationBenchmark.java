package org.mf4j.jmh;

import java.util.concurrent.TimeUnit;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.data.GeneratorConfig;
import org.mf4j.data.PlantedRatingsGenerator;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.model.FactorModel;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.solver.als.AlternatingRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One explicit-ALS iteration (an item sweep, then a user sweep) on planted data from
 * {@link PlantedRatingsGenerator}: by default 8,000 users × 4,000 items, ≈ 400,000 ratings with
 * log-normal user activity (≥ 10 each) and Zipf item popularity, so setup takes about a second.
 *
 * <ul>
 *   <li>{@code sweeps}: only the two sweeps, {@link AlternatingRun#iterate()} — the same code
 *       {@link AlsTrainer#fit} runs (λ = 0.1 count-scaled); CSR matrices, factors and the worker pool are
 *       built once in {@code @Setup} by {@link AlsTrainer#start}. Each invocation continues from the
 *       previous one's factors, as iterations do; the work per iteration does not depend on the values.</li>
 *   <li>{@code fit}: {@code AlsTrainer.fit} with {@code iterations = 1}, which adds building both CSR
 *       matrices, allocating and initializing the factors, starting the pool and the training RMSE pass:
 *       the end-to-end cost around one iteration, and a cross-check of {@code sweeps}.</li>
 * </ul>
 *
 * <b>Flops per op = {@link AlternatingRun#flopsPerIteration()}</b> = 2·nnz·K(K+1)
 * (Gram builds) + 4·nnz·K (right-hand sides) + (users + items)·(K³/3 + 2K²) (factor and solve), the same
 * count for both methods; it is reported as the secondary metric {@code flops} ({@link FlopCounter})
 * because nnz is known only after generation. {@code threads} is the trainer's pool size; the
 * fraction of peak for such rows is taken against threads × the one-core FMA peak.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class AlsIterationBenchmark {
  @Param({"scalar", "panama"})
  String kernels;

  @Param({"16", "32", "64", "128"})
  int K;

  @Param({"1", "2"})
  int threads;

  @Param({"8000"})
  int users;

  @Param({"4000"})
  int items;

  @Param({"400000"})
  int ratings;

  static final double LAMBDA = 0.1;

  Ratings train;
  AlsTrainer trainer;
  AlternatingRun run;
  long flops;

  @Setup
  public void setup() {
    train = PlantedRatingsGenerator.generate(GeneratorConfig.DEFAULT.withSize(users, items, ratings).withSeed(7))
        .ratings();
    AlsConfig config = new AlsConfig(K, LAMBDA, LAMBDA, RegScaling.COUNT, 1, threads, 42L);
    trainer = new AlsTrainer(config, KernelProvider.forName(kernels));
    run = trainer.start(train, null);
    flops = Math.round(run.flopsPerIteration());
  }

  @TearDown
  public void tearDown() {
    run.close();
  }

  @Benchmark
  public double sweeps(FlopCounter counter) {
    counter.flops += flops;
    return run.iterate();
  }

  @Benchmark
  public int fit(FlopCounter counter) {
    try (FactorModel model = trainer.fit(train)) {
      counter.flops += flops;
      return model.numUsers();
    }
  }
}

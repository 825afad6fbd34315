package org.mf4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The configs reject every bad value with its name and the value, and the ALS and WALS settings (what a
 * model file records) read back into the same config.
 */
class ConfigsTest {
  @Test
  void badValuesAreRejectedNamingTheComponentAndTheValue() {
    Map<String, Supplier<Object>> bad = new LinkedHashMap<>();
    bad.put("rank = 0", () -> AlsConfig.defaults().withRank(0));
    bad.put("rank = 5000", () -> WalsConfig.implicitDefaults().withRank(5000));
    bad.put("lambdaU = -1.0", () -> AlsConfig.defaults().withLambdas(-1, 0.1));
    bad.put("lambdaV = NaN", () -> WalsConfig.implicitDefaults().withLambdas(0.1, Double.NaN));
    bad.put("iterations = -1", () -> AlsConfig.defaults().withIterations(-1));
    bad.put("threads = 0", () -> WalsConfig.implicitDefaults().withThreads(0));
    bad.put("cgSteps = 0", () -> AlsConfig.defaults().withSolver(LinearSolver.CG, 0));
    bad.put("regScaling = FREQUENCY", () -> AlsConfig.defaults().withRegScaling(RegScaling.FREQUENCY));
    bad.put("unobservedWeight = -0.5", () -> WalsConfig.implicitDefaults().withUnobservedWeight(-0.5));
    bad.put("unobservedExponent = Infinity", () -> WalsConfig.implicitDefaults().withUnobservedExponent(Double.POSITIVE_INFINITY));
    bad.put("alpha = -2.0", () -> WalsConfig.implicitDefaults().withConfidence(Confidence.LINEAR, -2));
    bad.put("epsilon = 0.0", () -> WalsConfig.implicitDefaults().withEpsilon(0));
    bad.put("target = null", () -> WalsConfig.implicitDefaults().withTarget(null));
    bad.put("learningRate = 0.0", () -> SgdConfig.defaults().withLearningRate(0, LearningRateSchedule.CONSTANT));
    bad.put("lambdaBias = -1.0", () -> SgdConfig.defaults().withLambdas(0.1, 0.1, -1));
    bad.put("decay = 1.5", () -> SgdConfig.defaults().withDecay(1.5));
    bad.put("batchSize = 0", () -> AdamConfig.defaults().withBatchSize(0));
    bad.put("weightDecay = -0.1", () -> AdamConfig.defaults().withWeightDecay(-0.1, true));
    bad.put("learningRate = -1.0", () -> AdamConfig.defaults().withLearningRate(-1));
    bad.put("oversampling = -1", () -> SvdConfig.defaults().withOversampling(-1));
    bad.put("powerIterations = 101", () -> SvdConfig.defaults().withPowerIterations(101));
    bad.put("threads = -3", () -> SvdConfig.defaults().withThreads(-3));
    for (Map.Entry<String, Supplier<Object>> e : bad.entrySet()) {
      IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e.getValue()::get, e.getKey());
      assertTrue(x.getMessage().startsWith(e.getKey()), "expected '" + e.getKey() + "…', got: " + x.getMessage());
    }
  }

  @Test
  void alsAndWalsSettingsReadBackIntoTheSameConfig() {
    AlsConfig als = AlsConfig.defaults().withRank(12).withLambdas(0.03, 0.2).withRegScaling(RegScaling.NONE).withSeed(7)
        .withSolver(LinearSolver.CG, 4).withBiases(true, 2.5);
    assertEquals(als, AlsConfig.fromSettings(text(als.settings())));
    WalsConfig wals = WalsConfig.implicitDefaults().withRank(9).withLambdas(1, 3).withRegScaling(RegScaling.FREQUENCY, 0.7)
        .withUnobservedWeight(0.05).withUnobservedExponent(0.4).withConfidence(Confidence.LOG, 2).withEpsilon(0.5)
        .withTarget(PreferenceTarget.VALUE).withSolver(LinearSolver.CG, 2).withSeed(-4);
    assertEquals(wals, WalsConfig.fromSettings(text(wals.settings())));
    WalsConfig freq = WalsConfig.implicitDefaults().withConfidence(Confidence.FREQUENCY, 1).withFrequencyExponent(0.25);
    assertEquals(freq, WalsConfig.fromSettings(text(freq.settings())));
  }

  @Test
  void unreadableSettingsNameTheKeyAndTheText() {
    Map<String, String> s = text(AlsConfig.defaults().settings());
    s.put("reg_scaling", "sometimes");
    assertEquals("reg_scaling = 'sometimes' is not one of none, count, frequency",
        assertThrows(IllegalArgumentException.class, () -> AlsConfig.fromSettings(s)).getMessage());
    s.put("reg_scaling", "count");
    s.put("biases", "maybe");
    assertEquals("biases = 'maybe' is not true or false", assertThrows(IllegalArgumentException.class, () -> AlsConfig.fromSettings(s)).getMessage());
    s.remove("biases");
    s.remove("lambda_v");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AlsConfig.fromSettings(s)).getMessage().startsWith("settings lack 'lambda_v'"));
    Map<String, String> w = text(WalsConfig.implicitDefaults().settings());
    w.put("w0", "-1");
    assertEquals("unobservedWeight = -1.0 must be finite and >= 0",
        assertThrows(IllegalArgumentException.class, () -> WalsConfig.fromSettings(w)).getMessage());
  }

  private static Map<String, String> text(Map<String, Object> settings) {
    Map<String, String> t = new HashMap<>();
    settings.forEach((k, v) -> t.put(k, String.valueOf(v)));
    return t;
  }
}

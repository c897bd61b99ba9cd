package cdn.sim.swarm;

import java.util.Random;

/** Picks catalog positions with Zipf popularity: position k is chosen ∝ 1 / (k+1)^s. */
public final class ZipfChooser {

	private final double[] cumulative;

	public ZipfChooser(int size, double exponent) {
		this.cumulative = new double[size];
		double total = 0;
		for (int k = 0; k < size; k++) {
			total += 1 / Math.pow(k + 1, exponent);
			this.cumulative[k] = total;
		}
		for (int k = 0; k < size; k++) {
			this.cumulative[k] /= total;
		}
	}

	public int next(Random random) {
		double pick = random.nextDouble();
		for (int k = 0; k < this.cumulative.length; k++) {
			if (pick < this.cumulative[k]) {
				return k;
			}
		}
		return this.cumulative.length - 1;
	}

}

package cdn.client.play;

/**
 * Throughput- and buffer-aware rendition choice over a ladder sorted by bitrate. It steps
 * down at once (to the highest sustainable rung) when the estimate cannot sustain the
 * current rendition, and steps up one rung at a time, only with headroom and a buffer of
 * at least {@code upSwitchBufferSeconds}, so a short burst never causes a switch it must
 * undo.
 */
public final class AbrController {

	/** Share of the measured throughput a rendition may use. */
	static final double SAFETY = 0.7;

	private final long[] bitratesKbps;

	private final double upSwitchBufferSeconds;

	public AbrController(long[] bitratesKbps, double upSwitchBufferSeconds) {
		this.bitratesKbps = bitratesKbps.clone();
		this.upSwitchBufferSeconds = upSwitchBufferSeconds;
	}

	/**
	 * The rendition index for the next segment.
	 * @param current the index in use
	 * @param throughputKbps the estimate for the path in use (-1: unknown)
	 * @param bufferSeconds media buffered ahead of the playhead
	 */
	public int choose(int current, double throughputKbps, double bufferSeconds) {
		if (throughputKbps < 0) {
			return current;
		}
		int sustainable = maxSustainable(throughputKbps, current);
		if (sustainable < current) {
			return sustainable;
		}
		if (sustainable > current && bufferSeconds >= this.upSwitchBufferSeconds) {
			return current + 1;
		}
		return current;
	}

	/**
	 * The highest rung the throughput sustains ({@code fallback} while it is unknown).
	 */
	public int maxSustainable(double throughputKbps, int fallback) {
		if (throughputKbps < 0) {
			return fallback;
		}
		int sustainable = 0;
		for (int i = 0; i < this.bitratesKbps.length; i++) {
			if (this.bitratesKbps[i] <= SAFETY * throughputKbps) {
				sustainable = i;
			}
		}
		return sustainable;
	}

}

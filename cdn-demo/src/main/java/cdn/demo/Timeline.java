package cdn.demo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Samples the demo's counters once a second for the report's charts: cumulative bytes by
 * source, what the origin served, and the bitrate of the segments fetched since the last
 * sample.
 */
final class Timeline {

	/** One sample; bytes are cumulative since the demo began. */
	record Sample(double seconds, double peerBytes, double edgeBytes, double originBytes, double bitrateKbps) {
	}

	/** A phase boundary, drawn as a vertical line. */
	record Mark(double seconds, String label) {
	}

	private final List<Sample> samples = new CopyOnWriteArrayList<>();

	private final List<Mark> marks = new CopyOnWriteArrayList<>();

	private final long startNanos = System.nanoTime();

	private final Supplier<Sample> reading;

	private final Consumer<Sample> onSample;

	private volatile boolean running = true;

	private Thread sampler;

	/**
	 * @param reading takes a sample
	 * @param onSample sees each sample as it is taken (the live progress line)
	 */
	Timeline(Supplier<Sample> reading, Consumer<Sample> onSample) {
		this.reading = reading;
		this.onSample = onSample;
	}

	double now() {
		return (System.nanoTime() - this.startNanos) / 1e9;
	}

	void start() {
		this.sampler = new Thread(() -> {
			while (this.running) {
				Sample sample = this.reading.get();
				this.samples.add(sample);
				this.onSample.accept(sample);
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "demo-timeline");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	void stop() {
		this.running = false;
		if (this.sampler != null) {
			this.sampler.interrupt();
		}
		this.samples.add(this.reading.get());
	}

	void mark(String label) {
		this.marks.add(new Mark(now(), label));
	}

	List<Sample> samples() {
		return List.copyOf(this.samples);
	}

	List<Mark> marks() {
		return List.copyOf(this.marks);
	}

}

package cdn.kit.metrics;

import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps a Prometheus scrape clean for {@code promtool check metrics} (and for the
 * conventions behind it): every meter has help text, and the three JVM meters whose
 * Prometheus names break those conventions are renamed or left out. Applied to every
 * service's registry (auto-configured) and to the sim-client's.
 */
public final class PromtoolClean implements MeterFilter {

	/**
	 * Named with an abbreviated unit by Micrometer
	 * ({@code jvm_compilation_time_ms_total}, {@code process_cpu_time_ns_total});
	 * {@code process_cpu_usage} and the GC pause timers say the same in base units.
	 */
	private static final Set<String> LEFT_OUT = Set.of("jvm.compilation.time", "process.cpu.time");

	/** {@code system_cpu_count} reads as a summary's count. */
	private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpu.cores");

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		return LEFT_OUT.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String name = RENAMED.getOrDefault(id.getName(), id.getName());
		String description = id.getDescription();
		if (name.equals(id.getName()) && description != null && !description.isBlank()) {
			return id;
		}
		if (description == null || description.isBlank()) {
			// a library's meter without one (Spring's active-requests timer, Caffeine's
			// weight): its name, so that Prometheus's HELP line is never empty
			description = name.replace('.', ' ');
		}
		return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
	}

}

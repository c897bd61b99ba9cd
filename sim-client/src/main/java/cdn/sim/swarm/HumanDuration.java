package cdn.sim.swarm;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them on a command line: {@code 300ms}, {@code 2s},
 * {@code 5m}, {@code 1h}.
 */
final class HumanDuration implements ITypeConverter<Duration> {

	private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)");

	@Override
	public Duration convert(String value) {
		Matcher matcher = FORMAT.matcher(value.strip());
		if (!matcher.matches()) {
			throw new TypeConversionException("'" + value + "' is not a duration like 300ms, 2s, 5m or 1h");
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofHours(amount);
		};
	}

}

package cdn.kit.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code cdn.audit.*}: where a service writes its audit lines and how the file is
 * bounded. Documented with defaults in {@code cdn-service-kit/README.md}.
 *
 * @param file the audit file; unset: {@code logs/audit/<spring.application.name>.jsonl}
 * under the working directory; empty: no file of its own, the lines go to the
 * application's {@code cdn.audit} logger (the console, unless the logging configuration
 * sends it elsewhere), as in the container images, whose root file system is read-only
 * @param maxFileSize the file is rolled over (and gzipped) when it grows past this, and
 * at midnight UTC
 * @param maxHistory days of rolled-over files kept
 * @param totalSizeCap the rolled-over files together never take more; the oldest go first
 */
@ConfigurationProperties("cdn.audit")
public record AuditProperties(String file, @DefaultValue("10MB") DataSize maxFileSize,
		@DefaultValue("30") int maxHistory, @DefaultValue("100MB") DataSize totalSizeCap) {

	public AuditProperties {
		if (file != null && file.contains("%")) {
			throw new IllegalArgumentException("cdn.audit.file must not contain %");
		}
		if (maxFileSize.toKilobytes() < 1 || maxHistory < 1 || maxHistory > 3650
				|| totalSizeCap.compareTo(maxFileSize) < 0) {
			throw new IllegalArgumentException("cdn.audit: max-file-size at least 1KB, max-history 1 to 3650 days, "
					+ "total-size-cap at least max-file-size");
		}
	}

	/** The file of {@code service}'s audit lines, {@code null} for the logger only. */
	String fileOf(String service) {
		if (this.file == null) {
			return "logs/audit/" + service + ".jsonl";
		}
		return this.file.isBlank() ? null : this.file;
	}

}

package cdn.kit.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one JSON line per audited event (an operator's action, a peer's report) to the
 * SLF4J logger {@value #LOGGER}: time, service, action, outcome ({@code done},
 * {@code refused}, {@code failed}, {@code cancelled}) with the HTTP status, actor, remote
 * address, target and details. Jackson writes the JSON, so no input can break a line.
 *
 * <p>
 * With a file ({@code cdn.audit.file}) the logger is logback's, in a logger context of
 * the audit log's own with one appender: a {@link RollingFileAppender} whose
 * {@link SizeAndTimeBasedRollingPolicy} rolls the file over by size and day, gzips the
 * old ones and keeps them within {@code max-history} days and {@code total-size-cap}
 * bytes. Nothing reaches the console, and the application's logging configuration (which
 * Spring Boot resets when a test starts another application in the same JVM) can neither
 * drop the appender nor copy the lines elsewhere. Without a file the lines go to the
 * application's own {@value #LOGGER} logger.
 */
public final class AuditLog implements AutoCloseable {

	/** The logger audit lines are written to. */
	public static final String LOGGER = "cdn.audit";

	/** Longest target or detail text kept in a line; a longer one is cut. */
	static final int MAX_TEXT = 256;

	private static final JsonMapper JSON = JsonMapper.builder()
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private final String service;

	private final Clock clock;

	private final Logger logger;

	/**
	 * The audit log's own logger context, {@code null} when it writes to the
	 * application's.
	 */
	private final LoggerContext context;

	private final SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling;

	private AuditLog(String service, Clock clock, Logger logger, LoggerContext context,
			SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling) {
		this.service = service;
		this.clock = clock;
		this.logger = logger;
		this.context = context;
		this.rolling = rolling;
	}

	/**
	 * The audit log of {@code service} as {@code settings} say: its own file, or the
	 * application's logger when the file is empty.
	 * @throws IllegalStateException when the file cannot be written (the message names
	 * {@code cdn.audit.file})
	 */
	public static AuditLog open(String service, AuditProperties settings, Clock clock) {
		String file = settings.fileOf(service);
		if (file == null) {
			return new AuditLog(service, clock, LoggerFactory.getLogger(LOGGER), null, null);
		}
		Path path = Path.of(file).toAbsolutePath();
		try {
			Files.createDirectories(path.getParent());
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"cdn.audit.file: cannot create the directory of " + path + " (" + ex.getClass().getSimpleName()
							+ "); set it to a writable file, or to empty to send audit lines to the console log");
		}
		LoggerContext context = new LoggerContext();
		context.setName("cdn-audit");
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.start();
		RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
		appender.setContext(context);
		appender.setName("audit-file");
		appender.setFile(path.toString());
		SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
		rolling.setContext(context);
		rolling.setParent(appender);
		rolling.setFileNamePattern(rolledName(path.toString()));
		rolling.setMaxFileSize(new FileSize(settings.maxFileSize().toBytes()));
		rolling.setMaxHistory(settings.maxHistory());
		rolling.setTotalSizeCap(new FileSize(settings.totalSizeCap().toBytes()));
		rolling.setCleanHistoryOnStart(true);
		rolling.start();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%msg%n");
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		appender.setRollingPolicy(rolling);
		appender.setEncoder(encoder);
		appender.start();
		if (!appender.isStarted()) {
			String reason = context.getStatusManager()
				.getCopyOfStatusList()
				.stream()
				.filter((status) -> status.getLevel() == Status.ERROR)
				.map(Status::getMessage)
				.findFirst()
				.orElse("the appender did not start");
			context.stop();
			throw new IllegalStateException("cdn.audit.file: cannot write " + path + " (" + reason
					+ "); set it to a writable file, or to empty to send audit lines to the console log");
		}
		// a line that could not be written (disk full) is said in the application's log
		context.getStatusManager().add((status) -> {
			if (status.getLevel() == Status.ERROR) {
				LoggerFactory.getLogger(AuditLog.class).error("Audit file {}: {}", path, status.getMessage());
			}
		});
		ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
		logger.setLevel(Level.INFO);
		logger.setAdditive(false);
		logger.addAppender(appender);
		return new AuditLog(service, clock, logger, context, rolling);
	}

	/** {@code x.jsonl} → {@code x.2026-12-08.0.jsonl.gz}: one day, a counter, gzipped. */
	private static String rolledName(String file) {
		String base = file.endsWith(".jsonl") ? file.substring(0, file.length() - ".jsonl".length()) : file;
		String extension = file.endsWith(".jsonl") ? ".jsonl" : "";
		return base + ".%d{yyyy-MM-dd,UTC}.%i" + extension + ".gz";
	}

	/**
	 * Writes one event.
	 * @param action what was asked, e.g. {@code purge}, {@code ingest},
	 * {@code peer-report}
	 * @param status the HTTP status answered, 0 when the client went away before an
	 * answer
	 * @param actor who asked: {@link #operator(String)}, {@link #peer(String)}, or
	 * {@code anonymous} / {@code unknown}
	 * @param remote the client's address
	 * @param target what it was about (a track, a path, a peer), or {@code null}
	 * @param details more facts, in their order, or {@code null}; texts (here and in
	 * action, actor and target) are cut at {@value #MAX_TEXT} characters
	 */
	public void record(String action, int status, String actor, String remote, String target, Map<String, ?> details) {
		Map<String, Object> cut = new LinkedHashMap<>();
		if (details != null) {
			details.forEach((key, value) -> cut.put(key, (value instanceof CharSequence text) ? cut(text) : value));
		}
		Line line = new Line(this.clock.instant().toString(), this.service, cut(action), outcome(status),
				(status > 0) ? status : null, cut(actor), remote, cut(target), cut.isEmpty() ? null : cut);
		this.logger.info("{}", JSON.writeValueAsString(line));
	}

	private static String outcome(int status) {
		if (status <= 0) {
			return "cancelled";
		}
		if (status < 400) {
			return "done";
		}
		return (status < 500) ? "refused" : "failed";
	}

	private static String cut(CharSequence text) {
		if (text == null) {
			return null;
		}
		return (text.length() <= MAX_TEXT) ? text.toString() : text.subSequence(0, MAX_TEXT) + "…";
	}

	/**
	 * The actor of an operator: {@code operator:} and the first 8 hex digits of the
	 * SHA-256 of the token used, which tells tokens apart without revealing one.
	 */
	public static String operator(String token) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return "operator:" + HexFormat.of().formatHex(hash, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/** The actor of a peer: {@code peer:} and its id. */
	public static String peer(String peerId) {
		return "peer:" + cut(peerId);
	}

	/** The rolling policy of the file, {@code null} without one. */
	SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling() {
		return this.rolling;
	}

	/** Closes the file (nothing when the lines go to the application's logger). */
	@Override
	public void close() {
		if (this.context != null) {
			this.context.stop();
		}
	}

	/** One line, in this order. */
	record Line(String time, String service, String action, String outcome, Integer status, String actor, String remote,
			String target, Map<String, Object> details) {
	}

}

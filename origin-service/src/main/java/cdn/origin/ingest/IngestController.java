package cdn.origin.ingest;

import java.net.URI;

import cdn.kit.audit.AuditEntry;
import cdn.kit.web.AdminAuth;
import cdn.kit.web.Problems;
import cdn.origin.config.OriginProperties;
import cdn.protocol.TrackId;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code POST /v1/tracks}: multipart {@code file} (audio), {@code title}, optional
 * {@code trackId} → 202 with a status resource at {@code /v1/ingests/{jobId}}. The token
 * and the declared size are checked before a byte of the body is read. Each call is
 * audited ({@link IngestAuditConfiguration}).
 */
@RestController
class IngestController {

	static final int MAX_TITLE_LENGTH = 200;

	private final IngestService ingest;

	private final AdminAuth adminAuth;

	private final long maxUploadBytes;

	IngestController(IngestService ingest, AdminAuth adminAuth, OriginProperties properties) {
		this.ingest = ingest;
		this.adminAuth = adminAuth;
		this.maxUploadBytes = properties.ingest().maxUploadSize().toBytes();
	}

	@PostMapping(path = "/v1/tracks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<ResponseEntity<IngestStatus>> submit(ServerWebExchange exchange) {
		AuditEntry audit = AuditEntry.of(exchange).action("ingest");
		this.adminAuth.check(exchange.getRequest());
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > this.maxUploadBytes) {
			throw Problems.contentTooLarge(
					"upload of " + declared + " bytes exceeds the limit of " + this.maxUploadBytes + " bytes");
		}
		return exchange.getMultipartData()
			.flatMap((parts) -> submit(parts, audit))
			.map((status) -> ResponseEntity.accepted()
				.location(URI.create("/v1/ingests/" + status.jobId()))
				.body(status));
	}

	private Mono<IngestStatus> submit(MultiValueMap<String, Part> parts, AuditEntry audit) {
		if (!(parts.getFirst("file") instanceof FilePart file)) {
			return Mono.error(Problems.badRequest("multipart part 'file' with the audio is required"));
		}
		String title = field(parts, "title");
		if (title == null || title.isBlank()) {
			return Mono.error(Problems.badRequest("multipart field 'title' is required"));
		}
		title = title.strip();
		if (title.length() > MAX_TITLE_LENGTH || title.chars().anyMatch(Character::isISOControl)) {
			return Mono.error(Problems
				.badRequest("title must be at most " + MAX_TITLE_LENGTH + " characters without control characters"));
		}
		String requestedId = field(parts, "trackId");
		TrackId trackId = (requestedId != null) ? TrackId.of(requestedId.strip()) : TrackId.slugOf(title);
		if (trackId == null) {
			return Mono.error(Problems.badRequest("the title gives no usable track id: send a 'trackId'"));
		}
		audit.target(trackId.value()).detail("title", title).detail("file", file.filename());
		return this.ingest.submit(trackId, title, file).doOnNext((status) -> audit.detail("jobId", status.jobId()));
	}

	private static String field(MultiValueMap<String, Part> parts, String name) {
		return (parts.getFirst(name) instanceof FormFieldPart field) ? field.value() : null;
	}

	@GetMapping("/v1/ingests/{jobId}")
	IngestStatus status(@PathVariable String jobId, ServerWebExchange exchange) {
		AuditEntry.of(exchange).action("ingest-status").target(jobId);
		this.adminAuth.check(exchange.getRequest());
		return this.ingest.status(jobId).orElseThrow(() -> Problems.notFound("no ingest job '" + jobId + "'"));
	}

}

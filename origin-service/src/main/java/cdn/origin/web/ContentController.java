package cdn.origin.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import cdn.kit.signedurl.SignedUrlGate;
import cdn.kit.web.ProblemException;
import cdn.kit.web.Problems;
import cdn.origin.config.OriginProperties;
import cdn.origin.live.LiveChannel;
import cdn.origin.live.LiveChannels;
import cdn.origin.store.TrackManifest;
import cdn.origin.store.TrackStore;
import cdn.protocol.CatalogTrack;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read paths that origin and edge share (ARCHITECTURE.md): catalog, playlists and
 * segments. Every id is validated before it names a file; with
 * {@code cdn.signed-urls.required} a playlist or segment request needs a valid URL
 * signature first (403/410: an edge signs its fetches with the same keys). {@code HEAD},
 * {@code Range} and {@code If-None-Match} are answered by the framework from the headers
 * set here: an {@code ETag} on the entity makes a matching request a 304, and a
 * {@link Resource} body is written zero-copy with ranges.
 */
@RestController
class ContentController {

	static final MediaType PLAYLIST = MediaType.parseMediaType("application/vnd.apple.mpegurl");

	/** Segments never change: their name is their hash. */
	private static final CacheControl IMMUTABLE = CacheControl.maxAge(java.time.Duration.ofDays(365))
		.cachePublic()
		.immutable();

	private final TrackStore store;

	private final LiveChannels live;

	private final CacheControl playlistCaching;

	/**
	 * A live media playlist changes with every segment: cached a fraction of one, and
	 * never served stale while it refreshes (an edge revalidates, coalescing its
	 * requests).
	 */
	private final CacheControl livePlaylistCaching;

	private final CacheControl catalogCaching;

	private final SignedUrlGate signatures;

	ContentController(TrackStore store, LiveChannels live, OriginProperties properties, SignedUrlGate signatures) {
		this.signatures = signatures;
		this.store = store;
		this.live = live;
		this.playlistCaching = CacheControl.maxAge(properties.playlistMaxAge()).cachePublic();
		this.livePlaylistCaching = CacheControl.maxAge(properties.live().playlistMaxAge())
			.cachePublic()
			.staleWhileRevalidate(Duration.ZERO);
		this.catalogCaching = CacheControl.maxAge(properties.catalogMaxAge()).cachePublic();
	}

	@GetMapping(CatalogTrack.CATALOG_PATH)
	ResponseEntity<List<CatalogTrack>> catalog() {
		List<CatalogTrack> tracks = new ArrayList<>(this.live.catalog());
		this.store.list().stream().map(TrackManifest::toCatalogTrack).forEach(tracks::add);
		tracks.sort(Comparator.comparing(CatalogTrack::trackId));
		return ResponseEntity.ok().cacheControl(this.catalogCaching).body(tracks);
	}

	@GetMapping("/tracks/{trackId}/master.m3u8")
	ResponseEntity<byte[]> master(@PathVariable String trackId, ServerHttpRequest request) throws IOException {
		this.signatures.check(request);
		TrackId id = TrackId.of(trackId);
		Optional<LiveChannel> channel = this.live.find(id);
		if (channel.isPresent()) {
			return playlist(channel.get().master().orElseThrow(() -> notOnAir(trackId)), this.playlistCaching);
		}
		return playlist(
				this.store.playlist(id, null).orElseThrow(() -> Problems.notFound("unknown track '" + trackId + "'")));
	}

	@GetMapping("/tracks/{trackId}/{rendition}/index.m3u8")
	ResponseEntity<byte[]> media(@PathVariable String trackId, @PathVariable String rendition,
			ServerHttpRequest request) throws IOException {
		this.signatures.check(request);
		TrackId id = TrackId.of(trackId);
		Rendition parsed = Rendition.of(rendition);
		Optional<LiveChannel> channel = this.live.find(id);
		if (channel.isPresent()) {
			return playlist(channel.get().playlist(parsed).orElseThrow(() -> notOnAir(trackId)),
					this.livePlaylistCaching);
		}
		return playlist(this.store.playlist(id, parsed)
			.orElseThrow(() -> Problems.notFound("unknown track or rendition '" + trackId + "/" + rendition + "'")));
	}

	@GetMapping("/segments/{fileName}")
	ResponseEntity<Resource> segment(@PathVariable String fileName, ServerHttpRequest request) {
		this.signatures.check(request);
		SegmentName name = SegmentName.parse(fileName);
		Path file = this.store.segment(name)
			.or(() -> this.live.segment(name))
			.orElseThrow(() -> Problems.notFound("unknown segment"));
		return ResponseEntity.ok()
			.cacheControl(IMMUTABLE)
			.eTag(name.id().value())
			.contentType(MediaType.parseMediaType(name.format().contentType()))
			.body(new FileSystemResource(file));
	}

	private static ProblemException notOnAir(String trackId) {
		return Problems.notFound("live track '" + trackId + "' is not on air yet");
	}

	private ResponseEntity<byte[]> playlist(Path file) throws IOException {
		return playlist(Files.readAllBytes(file), this.playlistCaching);
	}

	private static ResponseEntity<byte[]> playlist(byte[] bytes, CacheControl caching) {
		return ResponseEntity.ok()
			.cacheControl(caching)
			.eTag(SegmentId.ofBytes(bytes).value())
			.contentType(PLAYLIST)
			.body(bytes);
	}

}

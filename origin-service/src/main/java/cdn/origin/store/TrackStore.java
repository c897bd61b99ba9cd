package cdn.origin.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import cdn.origin.media.HlsLadderPackager.PackagedTrack;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The origin's master copies on disk.
 *
 * <pre>
 * {root}/segments/{sha256}.{m4s|mp4}          immutable, shared by every track
 * {root}/tracks/{trackId}/track.json          the manifest; its directory appears atomically
 * {root}/tracks/{trackId}/master.m3u8
 * {root}/tracks/{trackId}/{rendition}/index.m3u8
 * {root}/staging/{uuid}/                      work in progress, never served
 * </pre>
 *
 * A track becomes visible by one directory rename, after its segments are in place, so a
 * reader never sees half a track; a failed publish removes the segments it added. Paths
 * are only ever built from validated ids, never from raw request text.
 */
public final class TrackStore {

	private static final Logger log = LoggerFactory.getLogger(TrackStore.class);

	static final String MANIFEST = "track.json";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	/**
	 * A segment URI in a media playlist, {@code EXT-X-MAP} included: the store writes
	 * them as absolute {@code /segments/{file}} paths.
	 */
	private static final Pattern SEGMENT_URI = Pattern
		.compile(Pattern.quote(SegmentName.PATH_PREFIX) + "([0-9a-f]{64}\\.(?:m4s|mp4|ts))");

	private final Path segments;

	private final Path tracks;

	private final Path staging;

	private final Clock clock;

	private final Map<TrackId, TrackManifest> index = new ConcurrentHashMap<>();

	/**
	 * Serialises publishes and removals: the existence check and the rename must not
	 * interleave, nor a removal's "referenced by no other track" with a publish that
	 * reuses a segment.
	 */
	private final Object publishLock = new Object();

	private volatile FileTime indexedTracksModified;

	public TrackStore(Path root, Clock clock) {
		this.clock = clock;
		try {
			this.segments = Files.createDirectories(root.resolve("segments"));
			this.tracks = Files.createDirectories(root.resolve("tracks"));
			this.staging = Files.createDirectories(root.resolve("staging"));
			// leftovers of a crash during ingest: never published, safe to drop
			try (Stream<Path> leftovers = Files.list(this.staging)) {
				for (Path leftover : leftovers.toList()) {
					deleteRecursively(leftover);
				}
			}
		}
		catch (IOException ex) {
			throw new StoreUnavailableException(
					"The origin cannot write its store " + root.toAbsolutePath() + " (" + ex.getClass().getSimpleName()
							+ "). Set origin.storage (ORIGIN_STORAGE) to a directory the "
							+ "origin's user may write, or give it that directory (in a container: a volume it owns).",
					ex);
		}
		rescan();
	}

	/** A fresh directory for one ingest's work, on the same file system as the store. */
	public Path newWorkDir() throws IOException {
		return Files.createDirectory(this.staging.resolve(UUID.randomUUID().toString()));
	}

	/** Removes a work directory and everything in it. */
	public void discard(Path workDir) {
		try {
			deleteRecursively(workDir);
		}
		catch (IOException ex) {
			log.warn("Could not remove work directory {}: {}", workDir, ex.getMessage());
		}
	}

	public boolean exists(TrackId trackId) {
		return find(trackId).isPresent();
	}

	public Optional<TrackManifest> find(TrackId trackId) {
		TrackManifest manifest = this.index.get(trackId);
		if (manifest == null) {
			// published by another process (the command-line ingest) since the last scan
			manifest = readManifest(this.tracks.resolve(trackId.value()));
			if (manifest != null) {
				this.index.put(trackId, manifest);
			}
		}
		return Optional.ofNullable(manifest);
	}

	/** Every published track, ordered by id. */
	public List<TrackManifest> list() {
		if (!tracksModified().equals(this.indexedTracksModified)) {
			rescan();
		}
		return this.index.values().stream().sorted(Comparator.comparing(TrackManifest::trackId)).toList();
	}

	public boolean isEmpty() {
		return list().isEmpty();
	}

	/**
	 * The master playlist ({@code rendition == null}) or a media playlist of a published
	 * track.
	 */
	public Optional<Path> playlist(TrackId trackId, Rendition rendition) {
		return find(trackId).filter((manifest) -> rendition == null || manifest.renditions().contains(rendition.id()))
			.map((manifest) -> {
				Path dir = this.tracks.resolve(trackId.value());
				return (rendition != null) ? dir.resolve(rendition.id()).resolve("index.m3u8")
						: dir.resolve("master.m3u8");
			})
			.filter(Files::isRegularFile);
	}

	public Optional<Path> segment(SegmentName name) {
		Path file = this.segments.resolve(name.fileName());
		return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
	}

	/**
	 * Publishes a packaged track under {@code trackId}: segments first, then the track
	 * directory in one rename. Refuses an existing id without touching it.
	 */
	public TrackManifest publish(TrackId trackId, String title, PackagedTrack packaged)
			throws TrackExistsException, IOException {
		TrackManifest manifest = new TrackManifest(trackId.value(), title, packaged.durationSeconds(),
				packaged.renditions().stream().map(Rendition::id).toList(), this.clock.instant());
		JSON.writeValue(packaged.trackDir().resolve(MANIFEST).toFile(), manifest);
		synchronized (this.publishLock) {
			Path target = this.tracks.resolve(trackId.value());
			if (Files.exists(target)) {
				throw new TrackExistsException(trackId);
			}
			List<Path> added = new ArrayList<>();
			try {
				try (DirectoryStream<Path> staged = Files.newDirectoryStream(packaged.segmentsDir())) {
					for (Path segment : staged) {
						Path destination = this.segments.resolve(segment.getFileName());
						if (!Files.exists(destination)) {
							Files.move(segment, destination, StandardCopyOption.ATOMIC_MOVE);
							added.add(destination);
						}
					}
				}
				Files.move(packaged.trackDir(), target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				for (Path segment : added) {
					Files.deleteIfExists(segment);
				}
				if (ex instanceof FileAlreadyExistsException) {
					throw new TrackExistsException(trackId);
				}
				throw ex;
			}
			this.index.put(trackId, manifest);
		}
		return manifest;
	}

	/**
	 * Removes a published track (a takedown): its directory leaves {@code tracks/} in one
	 * rename, so readers see all of it or none, then the segments that no other published
	 * track refers to are deleted (segments are shared by content: every track of one
	 * ladder has the same init segments). Empty for an unknown track.
	 */
	public Optional<Removal> remove(TrackId trackId) throws IOException {
		Removal removal;
		Path removed;
		synchronized (this.publishLock) {
			Path dir = this.tracks.resolve(trackId.value());
			if (find(trackId).isEmpty() || !Files.isDirectory(dir)) {
				this.index.remove(trackId);
				return Optional.empty();
			}
			Set<String> own = segmentFiles(dir);
			int playlists = playlistCount(dir);
			removed = this.staging.resolve(UUID.randomUUID() + "-removed");
			Files.move(dir, removed, StandardCopyOption.ATOMIC_MOVE);
			this.index.remove(trackId);
			Set<String> shared = new HashSet<>();
			try (DirectoryStream<Path> others = Files.newDirectoryStream(this.tracks)) {
				for (Path other : others) {
					Set<String> theirs = segmentFiles(other);
					own.stream().filter(theirs::contains).forEach(shared::add);
				}
			}
			List<String> deleted = new ArrayList<>();
			for (String file : own) {
				if (!shared.contains(file) && Files.deleteIfExists(this.segments.resolve(file))) {
					deleted.add(file);
				}
			}
			removal = new Removal(trackId, playlists, List.copyOf(deleted), shared.size());
		}
		discard(removed);
		log.info("Removed track {}: {} playlists, {} segments deleted, {} shared with other tracks kept", trackId,
				removal.playlists(), removal.segments().size(), removal.sharedSegments());
		return Optional.of(removal);
	}

	/** Segment file names the media playlists of a track directory refer to, sorted. */
	private static Set<String> segmentFiles(Path trackDir) throws IOException {
		Set<String> files = new TreeSet<>();
		if (!Files.isDirectory(trackDir)) {
			return files;
		}
		try (DirectoryStream<Path> renditions = Files.newDirectoryStream(trackDir, Files::isDirectory)) {
			for (Path rendition : renditions) {
				Path playlist = rendition.resolve("index.m3u8");
				if (Files.isRegularFile(playlist)) {
					Matcher uri = SEGMENT_URI.matcher(Files.readString(playlist));
					while (uri.find()) {
						files.add(uri.group(1));
					}
				}
			}
		}
		return files;
	}

	private static int playlistCount(Path trackDir) throws IOException {
		try (Stream<Path> files = Files.walk(trackDir)) {
			return (int) files.filter((file) -> file.getFileName().toString().endsWith(".m3u8")).count();
		}
	}

	/**
	 * What removing a track did.
	 *
	 * @param trackId the track
	 * @param playlists its playlists removed (master and media)
	 * @param segments file names of the segments deleted: those only this track had
	 * @param sharedSegments its segments kept because another track refers to them
	 */
	public record Removal(TrackId trackId, int playlists, List<String> segments, int sharedSegments) {
	}

	private synchronized void rescan() {
		FileTime modified = tracksModified();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(this.tracks)) {
			for (Path dir : dirs) {
				String name = dir.getFileName().toString();
				if (TrackId.isValid(name) && !this.index.containsKey(TrackId.of(name))) {
					TrackManifest manifest = readManifest(dir);
					if (manifest != null) {
						this.index.put(TrackId.of(name), manifest);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + this.tracks, ex);
		}
		this.indexedTracksModified = modified;
	}

	private FileTime tracksModified() {
		try {
			return Files.getLastModifiedTime(this.tracks);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static TrackManifest readManifest(Path trackDir) {
		Path file = trackDir.resolve(MANIFEST);
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try {
			return JSON.readValue(file.toFile(), TrackManifest.class);
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring unreadable manifest {}: {}", file, ex.getMessage());
			return null;
		}
	}

	/** Removes a directory and everything in it; nothing if it does not exist. */
	public static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}

package cdn.origin.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import cdn.origin.FakeContent;
import cdn.origin.media.HlsLadderPackager.PackagedTrack;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TrackStoreTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

	@TempDir
	Path root;

	TrackStore store;

	@BeforeEach
	void createStore() {
		this.store = new TrackStore(this.root, CLOCK);
	}

	@Test
	void aStoreThatCannotBeWrittenStopsTheStartWithTheDirectoryAndWhatToDo() throws IOException {
		// a file where the store's directory should be: fails for root too (unlike
		// permissions)
		Path file = Files.writeString(this.root.resolve("not-a-directory"), "x");
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> new TrackStore(file, CLOCK))
			.withMessageContaining(file.toAbsolutePath().toString())
			.withMessageContaining("ORIGIN_STORAGE");
	}

	@Test
	void publishMakesTheWholeTrackVisibleAtOnce() throws Exception {
		assertThat(this.store.find(TrackId.of("song"))).isEmpty();
		PackagedTrack staged = stage("one", "two");

		TrackManifest manifest = this.store.publish(TrackId.of("song"), "Song", staged);

		assertThat(manifest.publishedAt()).isEqualTo(CLOCK.instant());
		assertThat(this.store.find(TrackId.of("song"))).contains(manifest);
		assertThat(this.store.list()).containsExactly(manifest);
		assertThat(this.store.playlist(TrackId.of("song"), null)).isPresent();
		assertThat(this.store.playlist(TrackId.of("song"), Rendition.A128)).isPresent();
		assertThat(this.store.segment(segmentOf("one"))).isPresent();
		assertThat(this.store.segment(segmentOf("two"))).isPresent();
	}

	@Test
	void publishingAnExistingIdIsRefusedAndLeavesTheTrackUntouched() throws Exception {
		this.store.publish(TrackId.of("song"), "Song", stage("one"));
		byte[] masterBefore = Files.readAllBytes(this.store.playlist(TrackId.of("song"), null).orElseThrow());

		assertThatExceptionOfType(TrackExistsException.class)
			.isThrownBy(() -> this.store.publish(TrackId.of("song"), "Other", stage("three")));

		assertThat(Files.readAllBytes(this.store.playlist(TrackId.of("song"), null).orElseThrow()))
			.isEqualTo(masterBefore);
		assertThat(this.store.find(TrackId.of("song")).orElseThrow().title()).isEqualTo("Song");
		assertThat(this.store.segment(segmentOf("three"))).isEmpty();
	}

	@Test
	void failedPublishRemovesTheSegmentsItAdded() throws Exception {
		PackagedTrack broken = unpublishable(stage("one"));

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.store.publish(TrackId.of("song"), "Song", broken));

		assertThat(this.store.segment(segmentOf("one"))).isEmpty();
		assertThat(this.store.find(TrackId.of("song"))).isEmpty();
	}

	@Test
	void segmentsSharedWithAnotherTrackSurviveAFailedPublish() throws Exception {
		this.store.publish(TrackId.of("first"), "First", stage("shared"));
		PackagedTrack broken = unpublishable(stage("shared", "own"));

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.store.publish(TrackId.of("second"), "Second", broken));

		assertThat(this.store.segment(segmentOf("shared"))).isPresent();
		assertThat(this.store.segment(segmentOf("own"))).isEmpty();
	}

	@Test
	void leftoverWorkIsClearedOnStart() throws Exception {
		Path work = this.store.newWorkDir();
		Files.writeString(work.resolve("upload"), "half an upload");

		new TrackStore(this.root, CLOCK);

		try (Stream<Path> staging = Files.list(this.root.resolve("staging"))) {
			assertThat(staging).isEmpty();
		}
	}

	@Test
	void tracksPublishedByAnotherProcessAreSeen() {
		assertThat(this.store.isEmpty()).isTrue();

		new FakeContent(this.root).track("from-cli", "From the CLI", 2, 100);

		assertThat(this.store.find(TrackId.of("from-cli"))).isPresent();
		assertThat(new TrackStore(this.root, CLOCK).list()).extracting(TrackManifest::trackId)
			.containsExactly("from-cli");
	}

	@Test
	void aRenditionTheTrackLacksIsNotFound() {
		new FakeContent(this.root).track("song", "Song", 1, 10);
		assertThat(this.store.playlist(TrackId.of("missing"), null)).isEmpty();
		assertThat(this.store.segment(new SegmentName(SegmentId.ofBytes(new byte[] { 1 }), SegmentFormat.M4S)))
			.isEmpty();
	}

	/**
	 * The same track with its playlists on another file system, where the final atomic
	 * rename must fail after the segments were moved.
	 */
	private static PackagedTrack unpublishable(PackagedTrack staged) throws IOException {
		Path otherFileSystem = Path.of("/dev/shm");
		assumeTrue(
				Files.isDirectory(otherFileSystem)
						&& !Files.getFileStore(otherFileSystem).equals(Files.getFileStore(staged.trackDir())),
				"needs /dev/shm on another file system than the temp dir");
		Path trackDir = Files.createTempDirectory(otherFileSystem, "track");
		Files.writeString(trackDir.resolve("master.m3u8"), "#EXTM3U\n");
		return new PackagedTrack(staged.segmentsDir(), trackDir, 1.0, List.of(Rendition.values()));
	}

	/** A packaged track in a work dir: one segment per given content, and playlists. */
	private PackagedTrack stage(String... segmentContents) throws IOException {
		Path work = this.store.newWorkDir();
		Path segments = Files.createDirectories(work.resolve("segments"));
		Path track = Files.createDirectories(work.resolve("track"));
		StringBuilder media = new StringBuilder("#EXTM3U\n");
		for (String content : segmentContents) {
			SegmentName name = segmentOf(content);
			Files.writeString(segments.resolve(name.fileName()), content);
			media.append("#EXTINF:4.0,\n").append(name.path()).append('\n');
		}
		Files.writeString(track.resolve("master.m3u8"), "#EXTM3U\n");
		for (Rendition rendition : Rendition.values()) {
			Files.createDirectories(track.resolve(rendition.id()));
			Files.writeString(track.resolve(rendition.id()).resolve("index.m3u8"), media);
		}
		return new PackagedTrack(segments, track, 4.0 * segmentContents.length, List.of(Rendition.values()));
	}

	private static SegmentName segmentOf(String content) {
		return new SegmentName(SegmentId.ofBytes(content.getBytes()), SegmentFormat.M4S);
	}

}

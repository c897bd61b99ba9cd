package cdn.origin.ingest;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The status resource of one ingest, {@code GET /v1/ingests/{jobId}}.
 *
 * @param jobId the job's id
 * @param trackId the track being ingested
 * @param title the track's title
 * @param state where the job is
 * @param detail why it failed
 * @param master the master playlist path once published
 * @param submittedAt when it was accepted
 * @param finishedAt when it was published or failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestStatus(String jobId, String trackId, String title, State state, String detail, String master,
		Instant submittedAt, Instant finishedAt) {

	public enum State {

		@JsonProperty("queued")
		QUEUED, @JsonProperty("transcoding")
		TRANSCODING, @JsonProperty("published")
		PUBLISHED, @JsonProperty("failed")
		FAILED

	}

	IngestStatus with(State state, String detail, String master, Instant finishedAt) {
		return new IngestStatus(this.jobId, this.trackId, this.title, state, detail, master, this.submittedAt,
				finishedAt);
	}

}

package cdn.client.webrtc;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;

/** webrtc-java's description callbacks as futures (completed on the native thread). */
final class Negotiation {

	private Negotiation() {
	}

	static CompletableFuture<RTCSessionDescription> create(Consumer<CreateSessionDescriptionObserver> call) {
		CompletableFuture<RTCSessionDescription> made = new CompletableFuture<>();
		call.accept(new CreateSessionDescriptionObserver() {
			@Override
			public void onSuccess(RTCSessionDescription description) {
				made.complete(description);
			}

			@Override
			public void onFailure(String error) {
				made.completeExceptionally(new IllegalStateException(error));
			}
		});
		return made;
	}

	static CompletableFuture<Void> apply(Consumer<SetSessionDescriptionObserver> call) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		call.accept(new SetSessionDescriptionObserver() {
			@Override
			public void onSuccess() {
				done.complete(null);
			}

			@Override
			public void onFailure(String error) {
				done.completeExceptionally(new IllegalStateException(error));
			}
		});
		return done;
	}

}

package cdn.tracker.store;

import org.junit.jupiter.api.BeforeEach;

/** The store contract against the embedded in-memory store. */
class InMemoryPeerStoreTest extends PeerStoreContract {

	private PeerStore store;

	@BeforeEach
	void freshStore() {
		this.store = new InMemoryPeerStore(POLICY);
	}

	@Override
	PeerStore store() {
		return this.store;
	}

}

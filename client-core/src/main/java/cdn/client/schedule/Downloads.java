package cdn.client.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import cdn.client.metrics.Source;

/**
 * What one listener has of a track: per segment position whether it is missing, in flight
 * or held (and in which rendition), per rendition whether its init segment is ready, the
 * segments that wait for one, and how many fetches run per source. Touched only from the
 * listener's own worker.
 */
public final class Downloads {

	private enum State {

		MISSING, IN_FLIGHT, HELD

	}

	private State[] states;

	/** The rendition each position was fetched in, -1 while not held. */
	private int[] renditionOf;

	private final boolean[] initReady;

	private final boolean[] initInFlight;

	private final List<List<Integer>> awaitingInit = new ArrayList<>();

	private int edgeInFlight;

	private int peerInFlight;

	/**
	 * @param hasInit per rendition, whether it has an init segment to fetch first
	 */
	public Downloads(int segments, boolean[] hasInit) {
		this.states = new State[segments];
		Arrays.fill(this.states, State.MISSING);
		this.renditionOf = new int[segments];
		Arrays.fill(this.renditionOf, -1);
		this.initReady = new boolean[hasInit.length];
		this.initInFlight = new boolean[hasInit.length];
		for (int r = 0; r < hasInit.length; r++) {
			this.initReady[r] = !hasInit[r];
			this.awaitingInit.add(new ArrayList<>());
		}
	}

	public int segments() {
		return this.states.length;
	}

	/** A live playlist slid: positions up to {@code segments} exist now, all missing. */
	public void grow(int segments) {
		int before = this.states.length;
		if (segments <= before) {
			return;
		}
		this.states = Arrays.copyOf(this.states, segments);
		Arrays.fill(this.states, before, segments, State.MISSING);
		this.renditionOf = Arrays.copyOf(this.renditionOf, segments);
		Arrays.fill(this.renditionOf, before, segments, -1);
	}

	public boolean isMissing(int index) {
		return this.states[index] == State.MISSING;
	}

	public void started(int index, Source source) {
		this.states[index] = State.IN_FLIGHT;
		if (source == Source.PEER) {
			this.peerInFlight++;
		}
		else {
			this.edgeInFlight++;
		}
	}

	/** A fetch ended (either way): its slot is free again. */
	public void ended(Source source) {
		if (source == Source.PEER) {
			this.peerInFlight--;
		}
		else {
			this.edgeInFlight--;
		}
	}

	public void held(int index, int rendition) {
		this.states[index] = State.HELD;
		this.renditionOf[index] = rendition;
	}

	public void failed(int index) {
		this.states[index] = State.MISSING;
	}

	public int inFlight(Source source) {
		return (source == Source.PEER) ? this.peerInFlight : this.edgeInFlight;
	}

	public boolean initReady(int rendition) {
		return this.initReady[rendition];
	}

	/** Whether the init segment of {@code rendition} is neither ready nor on its way. */
	public boolean initNeeded(int rendition) {
		return !this.initReady[rendition] && !this.initInFlight[rendition];
	}

	public void initStarted(int rendition) {
		this.initInFlight[rendition] = true;
	}

	public void initFailed(int rendition) {
		this.initInFlight[rendition] = false;
	}

	/** The init segment arrived: returns the held segments that waited for it. */
	public List<Integer> initDone(int rendition) {
		this.initInFlight[rendition] = false;
		this.initReady[rendition] = true;
		List<Integer> waiting = List.copyOf(this.awaitingInit.get(rendition));
		this.awaitingInit.get(rendition).clear();
		return waiting;
	}

	/** A held segment that cannot play before its rendition's init segment. */
	public void awaitInit(int rendition, int index) {
		this.awaitingInit.get(rendition).add(index);
	}

	/** Changes of rendition between neighbouring held segments. */
	public int renditionSwitches() {
		int switches = 0;
		for (int i = 1; i < this.renditionOf.length; i++) {
			if (this.renditionOf[i] >= 0 && this.renditionOf[i - 1] >= 0
					&& this.renditionOf[i] != this.renditionOf[i - 1]) {
				switches++;
			}
		}
		return switches;
	}

}

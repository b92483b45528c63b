package dev.wsboot.broadcast;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The backplane of a single instance: broadcasts go to this instance's connections only.
 *
 * @since 0.1.0
 */
public class InMemoryBackplane implements BroadcastBackplane {

	private volatile @Nullable Receiver receiver;

	@Override
	public void subscribe(Receiver receiver) {
		Assert.state(this.receiver == null, "A receiver is subscribed already");
		this.receiver = receiver;
	}

	@Override
	public void publish(Broadcast broadcast) {
		Receiver receiver = this.receiver;
		if (receiver != null) {
			receiver.receive(broadcast, false);
		}
	}

	@Override
	public Map<String, Object> describe() {
		return Map.of("type", "in-memory");
	}

}

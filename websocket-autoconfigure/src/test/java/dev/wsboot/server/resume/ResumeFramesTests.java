package dev.wsboot.server.resume;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResumeFrames}.
 */
class ResumeFramesTests {

	@Test
	void writesEachServerMessageAsDocumented() {
		assertThat(ResumeFrames.data("hi")).isEqualTo("mhi");
		assertThat(ResumeFrames.welcome("T0k")).isEqualTo("wT0k");
		assertThat(ResumeFrames.resumed(42, "T0k")).isEqualTo("s42:T0k");
		assertThat(ResumeFrames.ack(7)).isEqualTo("a7");
		assertThat(ResumeFrames.broadcastId("1733470000000-3")).isEqualTo("i1733470000000-3");
	}

	@Test
	void readsAResumeRequest() {
		assertThat(ResumeFrames.resumeRequest("rAbc-_9:120"))
			.isEqualTo(new ResumeFrames.ResumeRequest("Abc-_9", 120, -1, null));
		assertThat(ResumeFrames.resumeRequest("rAbc-_9:120:31:1733470000000-3"))
			.isEqualTo(new ResumeFrames.ResumeRequest("Abc-_9", 120, 31, "1733470000000-3"));
		assertThat(ResumeFrames.resumeRequest("rAbc-_9:120:31:"))
			.isEqualTo(new ResumeFrames.ResumeRequest("Abc-_9", 120, 31, null));
	}

	@Test
	void refusesMalformedResumeRequests() {
		assertThat(ResumeFrames.resumeRequest("r:1")).isNull();
		assertThat(ResumeFrames.resumeRequest("rToken")).isNull();
		assertThat(ResumeFrames.resumeRequest("rToken:")).isNull();
		assertThat(ResumeFrames.resumeRequest("rToken:-1")).isNull();
		assertThat(ResumeFrames.resumeRequest("nToken:1")).isNull();
		assertThat(ResumeFrames.resumeRequest("")).isNull();
		assertThat(ResumeFrames.resumeRequest("rToken:1:x:")).isNull();
		assertThat(ResumeFrames.resumeRequest("rToken:1:0:not-an-id")).isNull();
		assertThat(ResumeFrames.resumeRequest("rToken:1:0")).isNull();
	}

	@Test
	void readsCountsAndRefusesWhatIsNoCount() {
		assertThat(ResumeFrames.count("a15")).isEqualTo(15);
		assertThat(ResumeFrames.count("a")).isEqualTo(-1);
		assertThat(ResumeFrames.count("a1x")).isEqualTo(-1);
		assertThat(ResumeFrames.count("a9999999999999999999")).isEqualTo(-1);
	}

}

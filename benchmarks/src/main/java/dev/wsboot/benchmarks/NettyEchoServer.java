package dev.wsboot.benchmarks;

import java.util.List;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Servers D and E: a Netty echo on {@code /ws} built on Netty's own WebSocket codec, on the NIO
 * transport (D) or, with {@code --transport=epoll}, on Netty's native epoll transport (E), Netty
 * at its best on Linux.
 */
public final class NettyEchoServer {

	private NettyEchoServer() {
	}

	/**
	 * Start the server and block until the process ends.
	 * @param args {@code --server.port=N}
	 * @throws InterruptedException if interrupted while serving
	 */
	public static void main(String[] args) throws InterruptedException {
		boolean epoll = List.of(args).contains("--transport=epoll");
		if (epoll && !Epoll.isAvailable()) {
			throw new IllegalStateException("Netty's native epoll transport is not available here",
					Epoll.unavailabilityCause());
		}
		// Netty sizes the group from the CPUs the process may use.
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		try {
			ServerBootstrap bootstrap = new ServerBootstrap().group(group)
				.channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
				.childHandler(new ChannelInitializer<Channel>() {

					@Override
					protected void initChannel(Channel channel) {
						// The handshake removes the aggregator and the HTTP codec again.
						channel.pipeline()
							.addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
									new WebSocketServerProtocolHandler("/ws"), EchoFrameHandler.INSTANCE);
					}

				});
			Channel server = bootstrap.bind("127.0.0.1", ServerArgs.port(args)).sync().channel();
			System.out.println("Netty echo (" + (epoll ? "native epoll" : "NIO") + ") listening on "
					+ server.localAddress());
			server.closeFuture().sync();
		}
		finally {
			group.shutdownGracefully();
		}
	}

	/**
	 * Writes every data frame back; the codec already answers pings and closes.
	 */
	@Sharable
	static final class EchoFrameHandler extends ChannelInboundHandlerAdapter {

		static final EchoFrameHandler INSTANCE = new EchoFrameHandler();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
					|| msg instanceof ContinuationWebSocketFrame) {
				// The frame's buffer goes back out as is; the write releases it.
				ctx.write(msg);
			}
			else {
				ReferenceCountUtil.release(msg);
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			// One flush per read batch instead of one per frame.
			ctx.flush();
		}

	}

}

/*
 * wsboot resumable WebSocket client for browsers: speaks the wsboot.resume.v1 subprotocol
 * (docs/RESUME.md). It numbers what it sends and keeps it until the server acknowledges it,
 * acknowledges what it receives, and when the connection drops without a close handshake
 * reconnects with exponential backoff and jitter and resumes where it left off.
 *
 *   const socket = new WsbootResume.ResumableSocket("wss://example.org/feed");
 *   socket.addEventListener("statechange", (e) => console.log(e.detail.state));
 *   socket.addEventListener("message", (e) => console.log(e.detail.data));
 *   socket.send("hello");
 *
 * States: "connecting", "open", "reconnecting", "resumed", "closed".
 * Events: "statechange" {state}, "message" {data}, "close" {code, reason}, "error" {}.
 */
(function (root) {
  "use strict";

  var SUBPROTOCOL = "wsboot.resume.v1";
  var ACK_EVERY = 8;
  var ACK_INTERVAL_MS = 200;

  function ResumableSocket(url, options) {
    this._events = new EventTarget();
    this.url = url;
    this.options = Object.assign({ baseDelayMs: 250, maxDelayMs: 10000, maxAttempts: 30 }, options || {});
    this.state = "connecting";
    this._token = null;
    this._kept = [];            // data messages sent and not acknowledged, oldest first
    this._firstKept = 1;        // sequence number of _kept[0]
    this._received = 0;         // data messages received in all
    this._acknowledged = 0;     // last count acknowledged to the server
    this._lastBroadcastId = ""; // stream id of the last broadcast received
    this._nextBroadcastId = null;
    this._attempts = 0;
    this._ws = null;
    this._timer = setInterval(this._acknowledge.bind(this), ACK_INTERVAL_MS);
    this._open();
  }

  ResumableSocket.prototype.addEventListener = function (type, listener) {
    this._events.addEventListener(type, listener);
  };

  ResumableSocket.prototype.removeEventListener = function (type, listener) {
    this._events.removeEventListener(type, listener);
  };

  ResumableSocket.prototype._emit = function (type, detail) {
    this._events.dispatchEvent(new CustomEvent(type, { detail: detail }));
  };

  ResumableSocket.prototype._setState = function (state) {
    if (this.state === state) { return; }
    this.state = state;
    if (state === "open" || state === "resumed") { this._attempts = 0; }
    this._emit("statechange", { state: state });
  };

  /** Send a string or binary data; while the connection is down it is kept and sent on resuming. */
  ResumableSocket.prototype.send = function (data) {
    if (this.state === "closed") { throw new Error("The connection is closed"); }
    this._kept.push(data);
    if (this.state === "open" || this.state === "resumed") { this._write(data); }
  };

  /** Close for good, which ends the connection on the server too. */
  ResumableSocket.prototype.close = function (code, reason) {
    if (this.state === "closed") { return; }
    var ws = this._ws;
    this._finish(code || 1000, reason || "");
    if (ws) { ws.close(code || 1000, reason || ""); }
  };

  ResumableSocket.prototype._finish = function (code, reason) {
    clearInterval(this._timer);
    this._ws = null;
    this._setState("closed");
    this._emit("close", { code: code, reason: reason });
  };

  ResumableSocket.prototype._open = function () {
    var self = this;
    var ws;
    try {
      ws = new WebSocket(this.url, SUBPROTOCOL);
    } catch (e) {
      this._emit("error", {});
      this._finish(1006, String(e));
      return;
    }
    ws.binaryType = "arraybuffer";
    this._ws = ws;
    ws.onopen = function () {
      if (self._ws !== ws) { return; }
      if (ws.protocol !== SUBPROTOCOL) {
        // The server does not resume this endpoint: an ordinary connection would lose messages.
        ws.close(1000, "Resumable connections only");
        return;
      }
      ws.send(self._token === null ? "n" : "r" + self._token + ":" + self._received + ":"
        + (self._firstKept - 1) + ":" + self._lastBroadcastId);
    };
    ws.onmessage = function (event) {
      if (self._ws !== ws) { return; }
      var data = event.data;
      if (typeof data !== "string") {
        self._data(data);
      } else if (data.charAt(0) === "m") {
        self._data(data.substring(1));
      } else {
        self._control(ws, data);
      }
    };
    ws.onerror = function () {
      if (self._ws !== ws) { return; }
      self._emit("error", {});
    };
    ws.onclose = function (event) {
      if (self._ws !== ws) { return; }
      // 1006: dropped; 1012: the instance is going away and the connection resumes elsewhere.
      var resumable = event.code === 1006 || event.code === 1012;
      self._nextBroadcastId = null;
      if (resumable && self._token !== null && self._attempts < self.options.maxAttempts) {
        self._reconnect();
      } else {
        self._finish(event.code, event.reason);
      }
    };
  };

  ResumableSocket.prototype._control = function (ws, message) {
    var kind = message.charAt(0);
    if (kind === "w") {
      this._token = message.substring(1);
      this._setState("open");
    } else if (kind === "s") {
      var colon = message.indexOf(":");
      this._acknowledged = this._received;
      this._forget(Number(message.substring(1, colon)));
      this._token = message.substring(colon + 1);
      // Whatever the server did not get goes again, before anything new.
      for (var i = 0; i < this._kept.length; i++) { this._write(this._kept[i]); }
      this._setState("resumed");
    } else if (kind === "a") {
      this._forget(Number(message.substring(1)));
    } else if (kind === "i") {
      this._nextBroadcastId = message.substring(1);
    }
  };

  ResumableSocket.prototype._forget = function (serverReceived) {
    while (this._firstKept <= serverReceived && this._kept.length > 0) {
      this._kept.shift();
      this._firstKept++;
    }
  };

  ResumableSocket.prototype._data = function (data) {
    this._received++;
    if (this._nextBroadcastId !== null) {
      this._lastBroadcastId = this._nextBroadcastId;
      this._nextBroadcastId = null;
    }
    this._emit("message", { data: data });
    if (this._received - this._acknowledged >= ACK_EVERY) { this._acknowledge(); }
  };

  ResumableSocket.prototype._acknowledge = function () {
    var ws = this._ws;
    if (ws && ws.readyState === WebSocket.OPEN && (this.state === "open" || this.state === "resumed")
        && this._received > this._acknowledged) {
      this._acknowledged = this._received;
      ws.send("a" + this._received);
    }
  };

  ResumableSocket.prototype._write = function (data) {
    var ws = this._ws;
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(typeof data === "string" ? "m" + data : data);
    }
  };

  ResumableSocket.prototype._reconnect = function () {
    var self = this;
    this._ws = null;
    this._setState("reconnecting");
    var attempt = this._attempts++;
    var ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * Math.pow(2, attempt));
    var delay = ceiling / 2 + Math.random() * ceiling / 2;
    setTimeout(function () {
      if (self.state === "reconnecting") { self._open(); }
    }, delay);
  };

  var api = { ResumableSocket: ResumableSocket, SUBPROTOCOL: SUBPROTOCOL };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.WsbootResume = api;
  }
})(typeof self !== "undefined" ? self : this);

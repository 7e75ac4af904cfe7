/* Web Workers for a site opened from the file system.
 *
 * Browsers refuse `new Worker(url)` on a page loaded from file://, and Material for MkDocs runs
 * its search in a worker. Under file:// this script replaces `Worker` with `IFrameWorker`: the
 * worker's script runs in a hidden same-origin iframe, `importScripts` becomes a chain of script
 * tags, and messages go both ways as events. Material's search worker recognises the iframe
 * (it looks for `IFrameWorker` in its parent) and finds its lunr scripts from its own tag.
 * Only the offline edition loads this file; the served site uses real workers.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function load(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + url)); };
      doc.head.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      var self = this;
      var script = new URL(url, location.href).href;
      this.pending = [];
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      (document.body || document.documentElement).appendChild(this.frame);
      var win = this.frame.contentWindow;
      var doc = win.document;
      win.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, u) {
          return done.then(function () { return load(doc, new URL(u, script).href); });
        }, Promise.resolve());
      };
      win.postMessage = function (data) {
        setTimeout(function () {
          self.dispatchEvent(new MessageEvent("message", { data: data }));
        });
      };
      load(doc, script).then(function () {
        var queued = self.pending;
        self.pending = null;
        queued.forEach(function (data) { self.postMessage(data); });
      }, function (error) {
        self.dispatchEvent(new ErrorEvent("error", { error: error, message: error.message }));
      });
    }

    postMessage(data) {
      if (this.pending) {
        this.pending.push(data);
        return;
      }
      var win = this.frame.contentWindow;
      setTimeout(function () {
        win.dispatchEvent(new win.MessageEvent("message", { data: data }));
      });
    }

    terminate() {
      this.frame.remove();
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();

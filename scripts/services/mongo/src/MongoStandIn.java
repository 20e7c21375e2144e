import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs mongo-java-server's in-memory backend on a TCP address, for the test suite on machines
 * where no mongod can be installed. Usage: {@code java MongoStandIn [host] [port]}.
 *
 * <p>Every command runs under one lock ({@link SerialBackend}). The memory backend serialises
 * writes to a collection but lets reads run beside them without synchronisation, so under CPU
 * load a read could see a document that a concurrent replace had not finished publishing: the
 * store conformance case with 100 retrying writers once kept 99 of 100 writes at version 101 (a
 * read returned the new version with the old data). MongoDB reads and writes one document
 * atomically; one lock gives the stand-in the same guarantee, which the store's compare-and-set
 * relies on. The reply is deep-copied under the lock too: it holds the stored documents
 * themselves, which the server encodes after the handler returns, by which time a concurrent
 * replace may be rewriting them (the same 99 of 100 showed up again with the lock alone, on
 * 2026-12-04). Data lives only as long as the process.
 */
public final class MongoStandIn {
  public static void main(String[] args) throws InterruptedException {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 27018;

    MongoServer server = new MongoServer(new SerialBackend());
    server.bind(host, port);
    System.out.println("mongo-java-server listening on " + host + ":" + port);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      stopped.countDown();
    }));
    stopped.await();
  }

  /**
   * The memory backend with every request handled under one lock, its reply copied before the
   * lock is released: reads see whole writes.
   */
  static final class SerialBackend extends MemoryBackend {
    @Override
    public synchronized Document handleCommand(
        Channel channel, String database, String command, Document query) {
      return copyOf(super.handleCommand(channel, database, command, query));
    }

    @Override
    public synchronized QueryResult handleQuery(MongoQuery query) {
      QueryResult result = super.handleQuery(query);
      List<Document> copies = new ArrayList<>();
      for (Document document : result) copies.add(copyOf(document));
      return new QueryResult(copies, result.getCursorId());
    }

    @Override
    public synchronized Document handleMessage(MongoMessage message) {
      return copyOf(super.handleMessage(message));
    }

    private static Document copyOf(Document reply) {
      return reply == null ? null : reply.cloneDeeply();
    }
  }
}

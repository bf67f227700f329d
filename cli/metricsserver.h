#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <mutex>

class QTcpSocket;

namespace lockscope::cli {

/// A small HTTP/1.1 server for `exporter`: GET (or HEAD) /metrics answers the last body it was
/// given (setBody, from any thread) at once, plus lockscope_snapshot_age_seconds; a scrape
/// never waits on a server. Other paths 404, other methods 405, a malformed request 400,
/// headers over 8 KiB (however they arrive) 431; a request body is not read. One request per
/// connection (Connection: close); a client that sends no complete request within 5 s is dropped.
/// Lives on the thread that runs the event loop.
class MetricsServer : public QObject {
public:
    explicit MetricsServer(QObject* parent = nullptr);

    bool listen(const QHostAddress& address, quint16 port);
    QString errorString() const { return m_server.errorString(); }
    quint16 port() const { return m_server.serverPort(); }
    /// What /metrics serves from now on; takenAtMs: when the snapshot behind it was taken.
    void setBody(const QByteArray& body, qint64 takenAtMs);

private:
    void accept();
    void readRequest(QTcpSocket* socket);
    void respond(QTcpSocket* socket, int status, const QByteArray& contentType,
                 const QByteArray& body, bool headOnly = false);

    QTcpServer m_server;
    std::mutex m_mutex;
    QByteArray m_body;
    qint64 m_takenAtMs = 0;
};

} // namespace lockscope::cli

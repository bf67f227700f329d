#include "cli/metricsserver.h"

#include "core/metrics/promtext.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QTimer>

namespace lockscope::cli {

namespace {

constexpr qsizetype kMaxRequest = 8 * 1024;
constexpr int kRequestTimeoutMs = 5000;

QByteArray reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    }
    return "Error";
}

} // namespace

MetricsServer::MetricsServer(QObject* parent)
    : QObject(parent) {
    connect(&m_server, &QTcpServer::newConnection, this, &MetricsServer::accept);
}

bool MetricsServer::listen(const QHostAddress& address, quint16 port) {
    return m_server.listen(address, port);
}

void MetricsServer::setBody(const QByteArray& body, qint64 takenAtMs) {
    std::lock_guard lock(m_mutex);
    m_body = body;
    m_takenAtMs = takenAtMs;
}

void MetricsServer::accept() {
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequest(socket); });
        // A client that never finishes its request does not keep a socket forever.
        QTimer::singleShot(kRequestTimeoutMs, socket, [socket] { socket->abort(); });
    }
}

void MetricsServer::readRequest(QTcpSocket* socket) {
    if (socket->property("answered").toBool()) {
        socket->readAll(); // one request per connection: the rest is ignored
        return;
    }
    QByteArray buffer = socket->property("request").toByteArray() + socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    // The limit holds however the request arrives: headers that end past it in one write are
    // refused as well as ones that have not ended within it.
    if ((end < 0 && buffer.size() > kMaxRequest) || end + 4 > kMaxRequest) {
        respond(socket, 431, "text/plain; charset=utf-8", "request headers too large\n");
        return;
    }
    if (end < 0) {
        socket->setProperty("request", buffer);
        return;
    }
    const QByteArray requestLine = buffer.left(buffer.indexOf("\r\n"));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !parts[2].startsWith("HTTP/1.") || !parts[1].startsWith('/')) {
        respond(socket, 400, "text/plain; charset=utf-8", "malformed request\n");
        return;
    }
    const QByteArray& method = parts[0];
    QByteArray path = parts[1];
    if (const qsizetype q = path.indexOf('?'); q >= 0)
        path.truncate(q);
    if (path != "/metrics") {
        respond(socket, 404, "text/plain; charset=utf-8",
                "not found: LockScope serves /metrics only\n");
        return;
    }
    if (method != "GET" && method != "HEAD") {
        respond(socket, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
        return;
    }
    QByteArray body;
    qint64 takenAt = 0;
    {
        std::lock_guard lock(m_mutex);
        body = m_body;
        takenAt = m_takenAtMs;
    }
    if (body.isEmpty()) {
        respond(socket, 503, "text/plain; charset=utf-8", "no refresh has finished yet\n",
                method == "HEAD");
        return;
    }
    PromText age;
    age.family("lockscope_snapshot_age_seconds", PromText::Type::Gauge,
               QStringLiteral("Age of the refresh this scrape serves."));
    age.sample("lockscope_snapshot_age_seconds", {},
               double(QDateTime::currentMSecsSinceEpoch() - takenAt) / 1000.0);
    respond(socket, 200, "text/plain; version=0.0.4; charset=utf-8", body + age.text(),
            method == "HEAD");
}

void MetricsServer::respond(QTcpSocket* socket, int status, const QByteArray& contentType,
                            const QByteArray& body, bool headOnly) {
    socket->setProperty("answered", true);
    socket->setProperty("request", QVariant());
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
                          "\r\nContent-Type: " + contentType +
                          "\r\nContent-Length: " + QByteArray::number(body.size()) +
                          "\r\nConnection: close\r\n";
    if (status == 405)
        response += "Allow: GET, HEAD\r\n";
    response += "\r\n";
    if (!headOnly)
        response += body;
    socket->write(response);
    socket->disconnectFromHost(); // after the bytes are written
}

} // namespace lockscope::cli

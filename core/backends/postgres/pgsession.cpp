#include "core/backends/postgres/pgsession.h"

#include <QJsonArray>

namespace lockscope {

namespace {

struct StateText {
    PgSession::State state;
    const char16_t* text;
};

constexpr StateText kStates[] = {
    {PgSession::State::Active, u"active"},
    {PgSession::State::Idle, u"idle"},
    {PgSession::State::IdleInTransaction, u"idle in transaction"},
    {PgSession::State::IdleInTransactionAborted, u"idle in transaction (aborted)"},
    {PgSession::State::FastPath, u"fastpath function call"},
    {PgSession::State::Disabled, u"disabled"},
};

QJsonArray pids(const std::vector<int>& v) {
    QJsonArray a;
    for (int p : v)
        a.append(p);
    return a;
}

} // namespace

PgSession::State PgSession::stateFromText(const QString& text) {
    if (text.isEmpty())
        return State::None;
    for (const StateText& s : kStates)
        if (text == QStringView(s.text))
            return s.state;
    return State::Other;
}

QString PgSession::stateName(State s) {
    for (const StateText& st : kStates)
        if (st.state == s)
            return QString::fromUtf16(st.text);
    return {};
}

QString PgSession::key() const {
    return QStringLiteral("%1@%2").arg(pid).arg(backendStartMs);
}

QJsonObject PgSession::toJson() const {
    auto ms = [](int64_t v) { return v > 0 ? QJsonValue(qint64(v)) : QJsonValue(); };
    auto dur = [](int64_t v) { return v >= 0 ? QJsonValue(qint64(v)) : QJsonValue(); };
    return QJsonObject{
        {QStringLiteral("pid"), pid},
        {QStringLiteral("database"), database},
        {QStringLiteral("user"), user},
        {QStringLiteral("application"), application},
        {QStringLiteral("client_addr"), clientAddr},
        {QStringLiteral("backend_type"), backendType},
        {QStringLiteral("state"), stateText},
        {QStringLiteral("wait_event_type"), waitEventType},
        {QStringLiteral("wait_event"), waitEvent},
        {QStringLiteral("query"), query},
        {QStringLiteral("backend_start_ms"), qint64(backendStartMs)},
        {QStringLiteral("xact_start_ms"), ms(xactStartMs)},
        {QStringLiteral("query_start_ms"), ms(queryStartMs)},
        {QStringLiteral("state_change_ms"), ms(stateChangeMs)},
        {QStringLiteral("query_duration_ms"), dur(queryDurationMs())},
        {QStringLiteral("transaction_duration_ms"), dur(transactionDurationMs())},
        {QStringLiteral("state_duration_ms"), dur(stateDurationMs())},
        {QStringLiteral("blocked_by"), pids(blockedBy)},
        {QStringLiteral("blocking"), pids(blocking)},
    };
}

} // namespace lockscope

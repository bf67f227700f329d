#include "gui/alertmodel.h"

#include "core/monitor/displaytext.h"
#include "gui/alertcenter.h"

#include <QColor>
#include <QDateTime>
#include <QHash>
#include <QLocale>

namespace lockscope {

AlertModel::AlertModel(const AlertCenter* center, QObject* parent)
    : QAbstractTableModel(parent)
    , m_center(center) {
    connect(center, &AlertCenter::changed, this, &AlertModel::refresh);
    refresh();
}

QString AlertModel::keyOf(const Alert& a) {
    return a.isFiring() ? a.id
                        : a.id + QStringLiteral("|resolved|") + QString::number(a.resolvedAtMs);
}

void AlertModel::refresh() {
    std::vector<Alert> next;
    for (const Alert& a : m_center->engine().firing())
        next.push_back(a);
    for (const Alert& a : m_center->engine().recentlyResolved())
        next.push_back(a);
    QHash<QString, size_t> wanted;
    for (size_t i = 0; i < next.size(); ++i)
        wanted.insert(keyOf(next[i]), i);
    // Rows gone, from the bottom so the indexes stay right.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (wanted.contains(m_keys[size_t(row)]))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.erase(m_rows.begin() + row);
        m_keys.erase(m_keys.begin() + row);
        endRemoveRows();
    }
    // Rows kept: updated in place; the view's proxy sorts.
    QHash<QString, int> have;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        have.insert(m_keys[row], int(row));
        m_rows[row] = next[wanted.value(m_keys[row])];
    }
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    // New rows at the end.
    for (const Alert& a : next) {
        const QString key = keyOf(a);
        if (have.contains(key))
            continue;
        const int row = int(m_rows.size());
        beginInsertRows({}, row, row);
        m_rows.push_back(a);
        m_keys.push_back(key);
        endInsertRows();
    }
}

int AlertModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AlertModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const Alert* AlertModel::alertAt(int row) const {
    return row >= 0 && size_t(row) < m_rows.size() ? &m_rows[size_t(row)] : nullptr;
}

QVariant AlertModel::data(const QModelIndex& index, int role) const {
    const Alert* a = alertAt(index.row());
    if (!a)
        return {};
    // The time of day; with the date when it was not today.
    auto time = [](qint64 ms) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
        const QString t = QLocale().toString(at.time(), QStringLiteral("HH:mm:ss"));
        return at.date() == QDate::currentDate()
                   ? t
                   : QLocale().toString(at.date(), QLocale::ShortFormat) + u' ' + t;
    };
    switch (role) {
    case FiringRole:
        return a->isFiring();
    case AlertIdRole:
        return a->id;
    case SortRole:
        // Firing first, then the newest.
        switch (index.column()) {
        case StateCol:
            return a->isFiring() ? 1 : 0;
        case SinceCol:
            return qint64(a->sinceMs);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case StateCol:
            return a->isFiring() ? tr("firing") : tr("resolved %1").arg(time(a->resolvedAtMs));
        case RuleCol:
            return a->rule.toText();
        case SubjectCol:
            return DisplayText::forTerminal(a->subject());
        case SinceCol:
            return time(a->sinceMs);
        case DetailCol:
            return DisplayText::forTerminal(a->detail);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == RuleCol)
            return a->rule.describe();
        if (index.column() == SubjectCol && a->lock)
            return DisplayText::forTerminal(a->lock->resource);
        if (index.column() == DetailCol)
            return DisplayText::forTerminal(a->detail);
        return {};
    case Qt::BackgroundRole:
        return a->isFiring() ? QVariant(QColor(235, 140, 20, 60)) : QVariant();
    case Qt::ForegroundRole:
        return a->isFiring() ? QVariant() : QVariant(QColor(128, 128, 128));
    default:
        return {};
    }
}

QVariant AlertModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StateCol:
        return tr("State");
    case RuleCol:
        return tr("Rule");
    case SubjectCol:
        return tr("Lock or server");
    case SinceCol:
        return tr("Since");
    case DetailCol:
        return tr("Details");
    }
    return {};
}

} // namespace lockscope

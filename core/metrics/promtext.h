#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace lockscope {

/// Writes the Prometheus text exposition format (version 0.0.4): one family at a time, a
/// "# HELP" and "# TYPE" line, then its samples. Label values and help text are escaped as the
/// format requires (label value: backslash, double quote and line feed; help: backslash and line
/// feed); names are LockScope's own constants.
class PromText {
public:
    using Labels = QList<QPair<QString, QString>>;
    enum class Type { Gauge, Counter, Histogram };

    void family(const char* name, Type type, const QString& help);
    void sample(const char* name, const Labels& labels, double value);
    /// A histogram's _bucket (cumulative, le from bounds then +Inf), _sum and _count lines.
    void histogram(const char* name, const Labels& labels, const QList<double>& bounds,
                   const QList<quint64>& cumulativeCounts, quint64 count, double sum);
    QByteArray text() const { return m_text; }

    static QString escapeLabelValue(const QString& v);
    static QString escapeHelp(const QString& help);
    /// Go's strconv-like: integers without a point, "+Inf", "-Inf", "NaN".
    static QByteArray number(double v);

private:
    void line(const QByteArray& name, const Labels& labels, double value);

    QByteArray m_text;
};

} // namespace lockscope

#include "core/metrics/promtext.h"

#include <cmath>

namespace lockscope {

QString PromText::escapeLabelValue(const QString& v) {
    QString out;
    out.reserve(v.size());
    for (QChar c : v) {
        if (c == u'\\')
            out += QStringLiteral("\\\\");
        else if (c == u'"')
            out += QStringLiteral("\\\"");
        else if (c == u'\n')
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out;
}

QString PromText::escapeHelp(const QString& help) {
    QString out = help;
    out.replace(u'\\', QStringLiteral("\\\\"));
    out.replace(u'\n', QStringLiteral("\\n"));
    return out;
}

QByteArray PromText::number(double v) {
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QByteArray::number(qint64(v));
    return QByteArray::number(v, 'g', 15);
}

void PromText::family(const char* name, Type type, const QString& help) {
    const char* t = type == Type::Gauge ? "gauge" : type == Type::Counter ? "counter" : "histogram";
    m_text += "# HELP " + QByteArray(name) + ' ' + escapeHelp(help).toUtf8() + '\n';
    m_text += "# TYPE " + QByteArray(name) + ' ' + t + '\n';
}

void PromText::line(const QByteArray& name, const Labels& labels, double value) {
    m_text += name;
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i)
                m_text += ',';
            m_text += labels[i].first.toUtf8() + "=\"" +
                      escapeLabelValue(labels[i].second).toUtf8() + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + number(value) + '\n';
}

void PromText::sample(const char* name, const Labels& labels, double value) {
    line(name, labels, value);
}

void PromText::histogram(const char* name, const Labels& labels, const QList<double>& bounds,
                         const QList<quint64>& cumulativeCounts, quint64 count, double sum) {
    const QByteArray base(name);
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        Labels l = labels;
        l.append({QStringLiteral("le"), QString::fromLatin1(number(bounds[i]))});
        line(base + "_bucket", l, double(cumulativeCounts.value(i)));
    }
    Labels inf = labels;
    inf.append({QStringLiteral("le"), QStringLiteral("+Inf")});
    line(base + "_bucket", inf, double(count));
    line(base + "_sum", labels, sum);
    line(base + "_count", labels, double(count));
}

} // namespace lockscope

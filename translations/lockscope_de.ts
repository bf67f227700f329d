<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChangeMode</name>
    <message>
        <source>Instant: the server tells LockScope of every write to a lock key (Redis client-side caching invalidation, CLIENT TRACKING BCAST).</source>
        <translation>Sofort: der Server meldet LockScope jeden Schreibzugriff auf einen Lock-Schlüssel (Redis-Invalidierung für clientseitiges Caching, CLIENT TRACKING BCAST).</translation>
    </message>
    <message>
        <source>Instant: the server&apos;s keyspace notifications (enabled on the server).</source>
        <translation>Sofort: Keyspace-Benachrichtigungen des Servers (auf dem Server eingeschaltet).</translation>
    </message>
    <message>
        <source>Instant: ZooKeeper watches on the lock directories.</source>
        <translation>Sofort: ZooKeeper-Watches auf den Lock-Verzeichnissen.</translation>
    </message>
    <message>
        <source>Polled: a change shows at the next refresh.</source>
        <translation>Abgefragt: eine Änderung erscheint bei der nächsten Aktualisierung.</translation>
    </message>
    <message>
        <source>Adaptive polling: a cheap change check every 50 ms while a lock is waited for or changing, every 200 ms when idle; the full scan only after a change.</source>
        <translation>Adaptive Abfrage: eine günstige Änderungsprüfung alle 50 ms, solange auf einen Lock gewartet wird oder sich etwas ändert, alle 200 ms im Ruhezustand; der volle Scan nur nach einer Änderung.</translation>
    </message>
</context>
<context>
    <name>LockFlagText</name>
    <message>
        <source>stale</source>
        <translation>veraltet</translation>
    </message>
    <message>
        <source>orphaned</source>
        <translation>verwaist</translation>
    </message>
    <message>
        <source>blocking</source>
        <translation>blockierend</translation>
    </message>
    <message>
        <source>foreign</source>
        <translation>fremd</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>ohne Ablauf</translation>
    </message>
    <message>
        <source>idle in transaction</source>
        <translation>untätig in Transaktion</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>Should not be there any more (held past the stale rule of its kind). Check the holder; force-release it if the holder is gone or hung.</source>
        <translation>Sollte nicht mehr bestehen (länger gehalten, als die Veraltungsregel ihrer Art erlaubt). Prüfen Sie den Inhaber; geben Sie die Sperre zwangsweise frei, wenn der Inhaber weg ist oder hängt.</translation>
    </message>
    <message>
        <source>The holder&apos;s process on this host is gone: nobody will release it. Force-release it, or wait for its lease or session to end.</source>
        <translation>Der Prozess des Inhabers auf diesem Rechner existiert nicht mehr: niemand wird die Sperre freigeben. Geben Sie sie zwangsweise frei oder warten Sie, bis ihre Lease oder Sitzung endet.</translation>
    </message>
    <message>
        <source>Others wait behind this lock (the waiters column counts them). If it is held too long, look at the holder first.</source>
        <translation>Andere warten hinter dieser Sperre (die Spalte „Wartende“ zählt sie). Wird sie zu lange gehalten, prüfen Sie zuerst den Inhaber.</translation>
    </message>
    <message>
        <source>Taken by another program than LockScope. Releasing it may break that program: ask its owner first.</source>
        <translation>Von einem anderen Programm als LockScope genommen. Eine Freigabe kann dieses Programm stören: fragen Sie zuerst seinen Verantwortlichen.</translation>
    </message>
    <message>
        <source>No lease: it lives until it is released or its session ends. A crashed holder leaves it behind for ever.</source>
        <translation>Keine Lease: sie besteht, bis sie freigegeben wird oder ihre Sitzung endet. Ein abgestürzter Inhaber hinterlässt sie für immer.</translation>
    </message>
    <message>
        <source>The PostgreSQL holder sits idle in an open transaction: its application forgot to commit or roll back. Find the application; terminating the backend rolls its work back.</source>
        <translation>Der PostgreSQL-Inhaber ist untätig in einer offenen Transaktion: seine Anwendung hat Commit oder Rollback vergessen. Finden Sie die Anwendung; das Beenden des Backends rollt ihre Arbeit zurück.</translation>
    </message>
    <message>
        <source>The holder itself waits for another lock (PostgreSQL). Look at who blocks it in the details below.</source>
        <translation>Der Inhaber wartet selbst auf eine andere Sperre (PostgreSQL). Wer ihn blockiert, steht unten in den Details.</translation>
    </message>
    <message numerus="yes">
        <source>blocking %n</source>
        <translation>
            <numerusform>blockiert %n</numerusform>
            <numerusform>blockiert %n</numerusform>
        </translation>
    </message>
    <message>
        <source>A force-release would %1.</source>
        <translation>Zwangsweise Freigabe: %1.</translation>
    </message>
    <message>
        <source>Force-release is off in read-only mode.</source>
        <translation>Zwangsweises Freigeben ist im Nur-Lese-Modus aus.</translation>
    </message>
</context>
<context>
    <name>LockKind</name>
    <message>
        <source>PostgreSQL row locks (UPDATE, DELETE, SELECT ... FOR UPDATE/SHARE, foreign-key checks) of one backend on one table</source>
        <translation>PostgreSQL-Zeilensperren (UPDATE, DELETE, SELECT ... FOR UPDATE/SHARE, Fremdschlüsselprüfungen) eines Backends auf einer Tabelle</translation>
    </message>
    <message>
        <source>A PostgreSQL advisory lock (pg_advisory_lock and friends)</source>
        <translation>Eine PostgreSQL-Advisory-Sperre (pg_advisory_lock und Verwandte)</translation>
    </message>
    <message>
        <source>A PostgreSQL table-level lock (LOCK TABLE, DDL) that blocks another backend</source>
        <translation>Eine PostgreSQL-Tabellensperre (LOCK TABLE, DDL), die ein anderes Backend blockiert</translation>
    </message>
    <message>
        <source>A LockScope lease row: a conditional write with an expiry (DynamoDB lock client pattern)</source>
        <translation>Eine LockScope-Lease-Zeile: ein bedingter Schreibvorgang mit Ablaufzeit (Muster des DynamoDB Lock Client)</translation>
    </message>
    <message>
        <source>A Redis string key taken with SET NX (LockScope, redis-py, plain SET NX)</source>
        <translation>Ein Redis-String-Schlüssel, mit SET NX genommen (LockScope, redis-py, einfaches SET NX)</translation>
    </message>
    <message>
        <source>A Redisson lock: a hash whose one field &lt;uuid&gt;:&lt;thread&gt; counts re-entrant holds</source>
        <translation>Eine Redisson-Sperre: ein Hash, dessen einziges Feld &lt;uuid&gt;:&lt;thread&gt; die reentranten Belegungen zählt</translation>
    </message>
    <message>
        <source>A ZooKeeper lock recipe: ephemeral sequential nodes, the lowest holds (LockScope, Curator, kazoo)</source>
        <translation>Ein ZooKeeper-Sperr-Rezept: ephemere sequenzielle Knoten, der niedrigste hält die Sperre (LockScope, Curator, kazoo)</translation>
    </message>
    <message>
        <source>A PostgreSQL session (a backend of pg_stat_activity)</source>
        <translation>Eine PostgreSQL-Sitzung (ein Backend aus pg_stat_activity)</translation>
    </message>
</context>
<context>
    <name>ReleasePlan</name>
    <message>
        <source>release lease `%1` only if it is still held by `%2` at version %3</source>
        <translation>Lease `%1` freigeben, nur wenn sie noch von `%2` in Version %3 gehalten wird</translation>
    </message>
    <message>
        <source>nothing: %1 was not observed on PostgreSQL</source>
        <translation>nichts: %1 wurde auf PostgreSQL nicht gesehen</translation>
    </message>
    <message>
        <source>cancel the query of backend %1 running `%2`, only if it still holds the lock on %3</source>
        <translation>die Abfrage von Backend %1 (führt `%2` aus) abbrechen, nur wenn es noch die Sperre auf %3 hält</translation>
    </message>
    <message>
        <source>terminate backend %1 running `%2`, only if it still holds the lock on %3</source>
        <translation>Backend %1 (führt `%2` aus) beenden, nur wenn es noch die Sperre auf %3 hält</translation>
    </message>
    <message>
        <source>delete Redisson lock `%1` only if it is still held by `%2`</source>
        <translation>Redisson-Sperre `%1` löschen, nur wenn sie noch von `%2` gehalten wird</translation>
    </message>
    <message>
        <source>delete Redis key `%1` only if its value is still `%2`</source>
        <translation>Redis-Schlüssel `%1` löschen, nur wenn sein Wert noch `%2` ist</translation>
    </message>
    <message>
        <source>nothing: %1 was not observed on ZooKeeper</source>
        <translation>nichts: %1 wurde auf ZooKeeper nicht gesehen</translation>
    </message>
    <message>
        <source>delete znode `%1` only if it is still version %2 of session 0x%3</source>
        <translation>Znode `%1` löschen, nur wenn er noch Version %2 der Sitzung 0x%3 ist</translation>
    </message>
    <message>
        <source>cancel the query of backend %1 (%2) running `%3`, only if it is still that session running that query</source>
        <translation>die Abfrage von Backend %1 (%2, führt `%3` aus) abbrechen, nur wenn es noch dieselbe Sitzung mit derselben Abfrage ist</translation>
    </message>
    <message>
        <source>terminate backend %1 (%2) running `%3`, only if it is still that session (same backend start)</source>
        <translation>Backend %1 (%2, führt `%3` aus) beenden, nur wenn es noch dieselbe Sitzung ist (gleicher Backend-Start)</translation>
    </message>
</context>
<context>
    <name>SessionLink</name>
    <message>
        <source>terminate…</source>
        <translation>beenden…</translation>
    </message>
</context>
<context>
    <name>StrategyText</name>
    <message>
        <source>No lock: read stock, pay, write stock. Two buyers who read the same stock both sell: this is the oversell the other strategies prevent.</source>
        <translation>Keine Sperre: Bestand lesen, bezahlen, Bestand schreiben. Zwei Käufer, die denselben Bestand lesen, verkaufen beide: genau der Überverkauf, den die anderen Strategien verhindern.</translation>
    </message>
    <message>
        <source>No lock, one conditional write (stock = stock - 1 where stock &gt; 0): cannot oversell, but cannot hold anything across the payment either.</source>
        <translation>Keine Sperre, ein bedingtes Schreiben (stock = stock - 1 where stock &gt; 0): kann nicht überverkaufen, hält aber auch nichts über die Zahlung hinweg.</translation>
    </message>
    <message>
        <source>Redis SET NX PX with an owner value and an owner-checked release script; a fencing token lets the store refuse a paused holder&apos;s late write.</source>
        <translation>Redis SET NX PX mit Inhaberwert und einem Freigabeskript, das den Inhaber prüft; ein Fencing-Token lässt den Speicher das verspätete Schreiben eines pausierten Inhabers ablehnen.</translation>
    </message>
    <message>
        <source>ZooKeeper ephemeral sequential node (Curator/kazoo recipe): the lock goes when the holder&apos;s session ends; the node&apos;s sequence is the fencing token.</source>
        <translation>Flüchtiger sequenzieller ZooKeeper-Knoten (Curator-/kazoo-Rezept): Die Sperre verschwindet mit der Sitzung des Inhabers; die Sequenznummer des Knotens ist das Fencing-Token.</translation>
    </message>
    <message>
        <source>PostgreSQL SELECT ... FOR UPDATE on the item&apos;s row, held until the transaction ends; a crashed client&apos;s lock goes with its connection.</source>
        <translation>PostgreSQL SELECT ... FOR UPDATE auf der Zeile des Artikels, gehalten bis zum Ende der Transaktion; die Sperre eines abgestürzten Clients verschwindet mit seiner Verbindung.</translation>
    </message>
    <message>
        <source>PostgreSQL advisory lock on a key derived from the resource, held by the session; no row is touched.</source>
        <translation>PostgreSQL-Advisory-Lock auf einem aus der Ressource abgeleiteten Schlüssel, von der Sitzung gehalten; keine Zeile wird berührt.</translation>
    </message>
    <message>
        <source>A lease row written conditionally with an expiry (DynamoDB lock client pattern); a holder paused past its lease loses it, and its version fences late writes.</source>
        <translation>Eine bedingt geschriebene Lease-Zeile mit Ablaufzeit (Muster des DynamoDB-Lock-Clients); ein Inhaber, der über seine Lease hinaus pausiert, verliert sie, und ihre Version wehrt verspätete Schreibvorgänge ab.</translation>
    </message>
    <message>
        <source>Lock strategy %1.</source>
        <translation>Sperrstrategie %1.</translation>
    </message>
    <message>
        <source>Redlock: SET NX PX on a majority of independent Redis servers within the lease. It has no monotonic fencing token, so a store cannot refuse a paused holder&apos;s late write: it can oversell when a holder pauses past its lease.</source>
        <translation>Redlock: SET NX PX auf einer Mehrheit unabhängiger Redis-Server innerhalb der Lease. Es gibt kein monoton steigendes Fencing-Token; der Speicher kann den verspäteten Schreibvorgang eines pausierten Halters daher nicht abweisen: Pausiert ein Halter länger als seine Lease, kann es zum Überverkauf kommen.</translation>
    </message>
</context>
<context>
    <name>lockscope::AlertIndicator</name>
    <message>
        <source>Firing alerts: click to see them</source>
        <translation>Aktive Alarme: klicken, um sie zu sehen</translation>
    </message>
    <message>
        <source>No alerts</source>
        <translation>Keine Alarme</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n alert(s)</source>
        <translation>
            <numerusform>⚠ %n Alarm</numerusform>
            <numerusform>⚠ %n Alarme</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockscope::AlertModel</name>
    <message>
        <source>firing</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>resolved %1</source>
        <translation>behoben %1</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Lock or server</source>
        <translation>Sperre oder Server</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>lockscope::AlertRulesDialog</name>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>Alarmregeln</translation>
    </message>
    <message>
        <source>One rule per row, as on the command line: &lt;code&gt;held&amp;gt;5m&lt;/code&gt;, &lt;code&gt;held&amp;gt;30s:kind=redis-key&lt;/code&gt;, &lt;code&gt;held&amp;gt;1m:resource=cart:*&lt;/code&gt;, &lt;code&gt;not-renewed&lt;/code&gt;, &lt;code&gt;not-renewed:below=25%&lt;/code&gt;, &lt;code&gt;no-expiry&amp;gt;1m&lt;/code&gt;, &lt;code&gt;blocking&amp;gt;10s&lt;/code&gt;, &lt;code&gt;orphaned&lt;/code&gt;, &lt;code&gt;down&amp;gt;30s&lt;/code&gt;. Untick a rule to keep it without alerts.</source>
        <translation>Eine Regel pro Zeile, wie auf der Kommandozeile: &lt;code&gt;held&amp;gt;5m&lt;/code&gt;, &lt;code&gt;held&amp;gt;30s:kind=redis-key&lt;/code&gt;, &lt;code&gt;held&amp;gt;1m:resource=cart:*&lt;/code&gt;, &lt;code&gt;not-renewed&lt;/code&gt;, &lt;code&gt;not-renewed:below=25%&lt;/code&gt;, &lt;code&gt;no-expiry&amp;gt;1m&lt;/code&gt;, &lt;code&gt;blocking&amp;gt;10s&lt;/code&gt;, &lt;code&gt;orphaned&lt;/code&gt;, &lt;code&gt;down&amp;gt;30s&lt;/code&gt;. Eine Regel ohne Haken bleibt gespeichert, löst aber keinen Alarm aus.</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <source>e.g. notify-send LockScope &quot;$LOCKSCOPE_ALERT_RULE&quot;</source>
        <translation>z. B. notify-send LockScope &quot;$LOCKSCOPE_ALERT_RULE&quot;</translation>
    </message>
    <message>
        <source>A shell command run for each alert that fires or resolves, with the alert as one line of JSON on its standard input</source>
        <translation>Ein Shell-Befehl, der für jeden ausgelösten oder behobenen Alarm ausgeführt wird; der Alarm steht als eine JSON-Zeile auf seiner Standardeingabe</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
</context>
<context>
    <name>lockscope::AlertTray</name>
    <message>
        <source>LockScope</source>
        <translation>LockScope</translation>
    </message>
    <message numerus="yes">
        <source>LockScope: %n alert(s) fired</source>
        <translation>
            <numerusform>LockScope: %n Alarm ausgelöst</numerusform>
            <numerusform>LockScope: %n Alarme ausgelöst</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockscope::AlertsPage</name>
    <message>
        <source>Rules…</source>
        <translation>Regeln…</translation>
    </message>
    <message>
        <source>Add, edit, enable or remove alert rules; the command to run</source>
        <translation>Alarmregeln hinzufügen, bearbeiten, aktivieren oder entfernen; der auszuführende Befehl</translation>
    </message>
    <message>
        <source>No alert firing.</source>
        <translation>Kein Alarm aktiv.</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing.</source>
        <translation>
            <numerusform>%n Alarm aktiv.</numerusform>
            <numerusform>%n Alarme aktiv.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) enabled.</source>
        <translation>
            <numerusform>%n Regel aktiviert.</numerusform>
            <numerusform>%n Regeln aktiviert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Each alert runs: %1</source>
        <translation>Jeder Alarm führt aus: %1</translation>
    </message>
</context>
<context>
    <name>lockscope::AuditPage</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Bediener</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Rechner</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Observed holder</source>
        <translation>Gesehener Inhaber</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Reason / detail</source>
        <translation>Grund / Einzelheiten</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) recorded</source>
        <translation>
            <numerusform>%n Versuch aufgezeichnet</numerusform>
            <numerusform>%n Versuche aufgezeichnet</numerusform>
        </translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>released</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>nothing released</source>
        <translation>nichts freigegeben</translation>
    </message>
    <message>
        <source>changed: nothing done</source>
        <translation>geändert: nichts getan</translation>
    </message>
</context>
<context>
    <name>lockscope::BuyPage</name>
    <message>
        <source>The shop</source>
        <translation>Der Laden</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Set stock</source>
        <translation>Bestand setzen</translation>
    </message>
    <message>
        <source>Item:</source>
        <translation>Artikel:</translation>
    </message>
    <message>
        <source>Stock lives in:</source>
        <translation>Bestand liegt in:</translation>
    </message>
    <message>
        <source>Payment takes:</source>
        <translation>Bezahlen dauert:</translation>
    </message>
    <message>
        <source>Lock lease:</source>
        <translation>Lease der Sperre:</translation>
    </message>
    <message>
        <source>Stock:</source>
        <translation>Bestand:</translation>
    </message>
    <message>
        <source>Buy both at once</source>
        <translation>Beide gleichzeitig kaufen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Customer A</source>
        <translation>Kunde A</translation>
    </message>
    <message>
        <source>Customer B</source>
        <translation>Kunde B</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Kaufen</translation>
    </message>
    <message>
        <source>Pause this holder</source>
        <translation>Diesen Inhaber anhalten</translation>
    </message>
    <message>
        <source>Resume (paused)</source>
        <translation>Fortsetzen (angehalten)</translation>
    </message>
    <message>
        <source>  token %1</source>
        <translation>  Token %1</translation>
    </message>
    <message>
        <source>  stock %1</source>
        <translation>  Bestand %1</translation>
    </message>
    <message>
        <source>Sold out: this customer was told no</source>
        <translation>Ausverkauft: dieser Kunde bekam eine Absage</translation>
    </message>
    <message>
        <source>Stock now: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Bestand jetzt: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>waiting for the lock</source>
        <translation>wartet auf die Sperre</translation>
    </message>
    <message>
        <source>acquired the lock</source>
        <translation>Sperre erhalten</translation>
    </message>
    <message>
        <source>read the stock</source>
        <translation>Bestand gelesen</translation>
    </message>
    <message>
        <source>paying</source>
        <translation>Bezahlung läuft</translation>
    </message>
    <message>
        <source>wrote the stock</source>
        <translation>Bestand geschrieben</translation>
    </message>
    <message>
        <source>fenced off: a newer lock holder wrote first</source>
        <translation>abgewiesen (Fencing): ein neuerer Sperrinhaber schrieb zuerst</translation>
    </message>
    <message>
        <source>sold out</source>
        <translation>ausverkauft</translation>
    </message>
    <message>
        <source>gave up waiting for the lock</source>
        <translation>Warten auf die Sperre aufgegeben</translation>
    </message>
    <message>
        <source>released the lock</source>
        <translation>Sperre freigegeben</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>Confirmed: order %1</source>
        <translation>Bestätigt: Bestellung %1</translation>
    </message>
    <message>
        <source>Gave up: the lock stayed taken</source>
        <translation>Aufgegeben: die Sperre blieb belegt</translation>
    </message>
    <message>
        <source>Fenced off: the store refused a stale lock holder</source>
        <translation>Abgewiesen: der Speicher lehnte einen veralteten Sperrinhaber ab</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Stock set to %1</source>
        <translation>Bestand auf %1 gesetzt</translation>
    </message>
    <message>
        <source>Read-only mode: this would write to the servers.</source>
        <translation>Nur-Lese-Modus: dies würde auf die Server schreiben.</translation>
    </message>
    <message>
        <source>one conditional write</source>
        <translation>ein bedingter Schreibvorgang</translation>
    </message>
    <message>
        <source>read refused: a newer lock holder has been here</source>
        <translation>Lesen abgewiesen: ein neuerer Sperrinhaber war schon hier</translation>
    </message>
    <message>
        <source>write refused: a newer lock holder has written</source>
        <translation>Schreiben abgewiesen: ein neuerer Sperrinhaber hat geschrieben</translation>
    </message>
    <message>
        <source>it was still ours</source>
        <translation>sie gehörte noch uns</translation>
    </message>
    <message>
        <source>not ours any more: nothing deleted</source>
        <translation>gehört uns nicht mehr: nichts gelöscht</translation>
    </message>
    <message>
        <source>while releasing</source>
        <translation>beim Freigeben</translation>
    </message>
    <message>
        <source>crashed in the critical section (simulated)</source>
        <translation>im kritischen Abschnitt abgestürzt (simuliert)</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>Wert %1</translation>
    </message>
    <message>
        <source>Orders this round: &lt;b&gt;%1&lt;/b&gt; (stock was %2)</source>
        <translation>Bestellungen in dieser Runde: &lt;b&gt;%1&lt;/b&gt; (Bestand war %2)</translation>
    </message>
    <message>
        <source>1 order</source>
        <translation>1 Bestellung</translation>
    </message>
    <message>
        <source>%1 orders</source>
        <translation>%1 Bestellungen</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 Artikel</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 Artikel</translation>
    </message>
    <message>
        <source>OVERSOLD: %1 for %2</source>
        <translation>ÜBERVERKAUFT: %1 für %2</translation>
    </message>
    <message>
        <source>No oversell: %1 for %2</source>
        <translation>Kein Überverkauf: %1 für %2</translation>
    </message>
    <message>
        <source>The last item (stock)</source>
        <translation>Der letzte Artikel (Bestand)</translation>
    </message>
    <message>
        <source>Double charge (one order, two payments)</source>
        <translation>Doppelte Abbuchung (eine Bestellung, zwei Zahlungen)</translation>
    </message>
    <message>
        <source>Race:</source>
        <translation>Wettlauf:</translation>
    </message>
    <message>
        <source>read the order&apos;s charges</source>
        <translation>Abbuchungen der Bestellung gelesen</translation>
    </message>
    <message>
        <source>charged the card</source>
        <translation>Karte belastet</translation>
    </message>
    <message>
        <source>not charged</source>
        <translation>nicht belastet</translation>
    </message>
    <message>
        <source>refused by the unique constraint: done once already</source>
        <translation>vom UNIQUE-Constraint abgewiesen: schon einmal erledigt</translation>
    </message>
    <message>
        <source>already paid: nothing to do</source>
        <translation>schon bezahlt: nichts zu tun</translation>
    </message>
    <message>
        <source>the one-time discount applied</source>
        <translation>der Einmal-Rabatt wurde angewendet</translation>
    </message>
    <message>
        <source>one atomic increment</source>
        <translation>eine atomare Erhöhung</translation>
    </message>
    <message>
        <source>  charges %1</source>
        <translation>  Abbuchungen %1</translation>
    </message>
    <message>
        <source>No lock server</source>
        <translation>Kein Sperrserver</translation>
    </message>
    <message>
        <source>Worker 1</source>
        <translation>Worker 1</translation>
    </message>
    <message>
        <source>Worker 2</source>
        <translation>Worker 2</translation>
    </message>
    <message>
        <source>Confirm payment</source>
        <translation>Zahlung bestätigen</translation>
    </message>
    <message>
        <source>Confirm both at once</source>
        <translation>Beide gleichzeitig bestätigen</translation>
    </message>
    <message>
        <source>New unpaid order</source>
        <translation>Neue unbezahlte Bestellung</translation>
    </message>
    <message>
        <source>Order of:</source>
        <translation>Bestellung von:</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Bestellung:</translation>
    </message>
    <message>
        <source>A new unpaid order</source>
        <translation>Eine neue unbezahlte Bestellung</translation>
    </message>
    <message>
        <source>Charges for this order: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Abbuchungen für diese Bestellung: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>CHARGED %1 TIMES for one order</source>
        <translation>%1-MAL ABGEBUCHT für eine Bestellung</translation>
    </message>
    <message>
        <source>Charged once</source>
        <translation>Einmal abgebucht</translation>
    </message>
    <message>
        <source>Refused: the order&apos;s idempotency key was taken, nothing charged</source>
        <translation>Abgelehnt: der Idempotenzschlüssel der Bestellung war vergeben, nichts abgebucht</translation>
    </message>
    <message>
        <source>Charged the card</source>
        <translation>Karte belastet</translation>
    </message>
    <message>
        <source>Already paid: nothing charged</source>
        <translation>Bereits bezahlt: nichts abgebucht</translation>
    </message>
</context>
<context>
    <name>lockscope::ChangeModeLabel</name>
    <message>
        <source>tracking</source>
        <translation>Tracking</translation>
    </message>
    <message>
        <source>notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>watches</source>
        <translation>Watches</translation>
    </message>
    <message>
        <source>polled</source>
        <translation>abgefragt</translation>
    </message>
    <message>
        <source>adaptive</source>
        <translation>adaptiv</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>lockscope::ConnectionDialog</name>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>Profil speichern</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil:</translation>
    </message>
    <message>
        <source>password (optional)</source>
        <translation>Passwort (optional)</translation>
    </message>
    <message>
        <source>Passwords are kept in the system keychain, never in the settings file.</source>
        <translation>Passwörter liegen im Schlüsselbund des Systems, nie in der Einstellungsdatei.</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>No system keychain is available (%1): passwords are not stored, you will be asked for them each time.</source>
        <translation>Kein Schlüsselbund verfügbar (%1): Passwörter werden nicht gespeichert, Sie werden jedes Mal danach gefragt.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>No keychain: password for %1 in profile &apos;%2&apos; (leave empty for none):</source>
        <translation>Kein Schlüsselbund: Passwort für %1 im Profil „%2“ (leer lassen für keines):</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>Use sandbox…</source>
        <translation>Sandbox verwenden…</translation>
    </message>
    <message>
        <source>Passwords are never written to the settings file: saving a profile puts them in the system keychain, and this says whether it took them.</source>
        <translation>Passwörter werden nie in die Einstellungsdatei geschrieben: beim Speichern eines Profils kommen sie in den Schlüsselbund des Systems, und hier steht, ob er sie angenommen hat.</translation>
    </message>
    <message>
        <source>Sandbox directory</source>
        <translation>Sandbox-Verzeichnis</translation>
    </message>
    <message>
        <source>Loaded the sandbox in %1.</source>
        <translation>Sandbox aus %1 geladen.</translation>
    </message>
    <message>
        <source>Profile &apos;%1&apos; saved (it has no passwords).</source>
        <translation>Profil „%1“ gespeichert (es hat keine Passwörter).</translation>
    </message>
    <message>
        <source>Saving profile &apos;%1&apos;…</source>
        <translation>Speichere Profil „%1“…</translation>
    </message>
    <message>
        <source>it did not answer within %1 s</source>
        <translation>keine Antwort innerhalb von %1 s</translation>
    </message>
    <message>
        <source>Profile &apos;%1&apos; saved; its passwords are in the system keychain.</source>
        <translation>Profil „%1“ gespeichert; seine Passwörter liegen im Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <source>Profile &apos;%1&apos; saved without its passwords: the keychain did not take them. You will be asked for them when you load it.</source>
        <translation>Profil „%1“ ohne seine Passwörter gespeichert: der Schlüsselbund hat sie nicht angenommen. Beim Laden werden Sie danach gefragt.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Load every URI (and the passwords) from a sandbox directory&apos;s stack.json; an ha sandbox&apos;s Sentinel set is one choice of the Redis mode away</source>
        <translation>Alle URIs (und die Passwörter) aus der stack.json eines Sandbox-Verzeichnisses laden; den Sentinel-Verbund einer ha-Sandbox wählt der Redis-Modus</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Connect to each server once and say what answers (each within its deadline, never on this window&apos;s thread)</source>
        <translation>Jeden Server einmal verbinden und zeigen, was antwortet (jeder innerhalb seiner Frist, nie im Thread dieses Fensters)</translation>
    </message>
    <message>
        <source>Single server</source>
        <translation>Einzelserver</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Sentinel</source>
        <translation>Sentinel</translation>
    </message>
    <message>
        <source>How the Redis servers are arranged: one server; a Redis Cluster (seed nodes, any one gives the slot map); or a primary watched by Sentinels (the sentinels, and the primary&apos;s name after &apos;#&apos;)</source>
        <translation>Wie die Redis-Server angeordnet sind: ein Server; ein Redis Cluster (Startknoten, jeder liefert die Slot-Tabelle); oder ein von Sentinels überwachter Primary (die Sentinels und der Name des Primary nach &apos;#&apos;)</translation>
    </message>
    <message>
        <source>optional: redis://h1:6379,redis://h2:6379,redis://h3:6379</source>
        <translation>optional: redis://h1:6379,redis://h2:6379,redis://h3:6379</translation>
    </message>
    <message>
        <source>The independent Redis servers of the redlock strategy, comma-separated; one password for all. Redlock issues no fencing token.</source>
        <translation>Die unabhängigen Redis-Server der Strategie redlock, durch Kommas getrennt; ein Passwort für alle. Redlock vergibt kein Fencing-Token.</translation>
    </message>
    <message>
        <source>One password for every Redlock server</source>
        <translation>Ein Passwort für jeden Redlock-Server</translation>
    </message>
    <message>
        <source>One member, or every member of an ensemble, comma-separated: the session moves to another member when one fails</source>
        <translation>Ein Mitglied oder alle Mitglieder eines Ensembles, durch Kommas getrennt: fällt eines aus, wechselt die Sitzung zu einem anderen</translation>
    </message>
    <message>
        <source>Loaded the ha sandbox in %1: choose Sentinel as the Redis mode to lock through its Sentinel set (the Demo page&apos;s failover needs it).</source>
        <translation>ha-Sandbox in %1 geladen: wählen Sie den Redis-Modus Sentinel, um über ihren Sentinel-Verbund zu sperren (das Failover der Demo-Seite braucht ihn).</translation>
    </message>
    <message>
        <source>Single server %1, database %2</source>
        <translation>Einzelserver %1, Datenbank %2</translation>
    </message>
    <message numerus="yes">
        <source>Cluster, %n seed node(s)</source>
        <translation>
            <numerusform>Cluster, %n Startknoten</numerusform>
            <numerusform>Cluster, %n Startknoten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sentinel &apos;%1&apos; via %n sentinel(s)</source>
        <translation>
            <numerusform>Sentinel &apos;%1&apos; über %n Sentinel</numerusform>
            <numerusform>Sentinel &apos;%1&apos; über %n Sentinels</numerusform>
        </translation>
    </message>
    <message>
        <source>None: the redlock strategy is not offered without its servers.</source>
        <translation>Keine: ohne ihre Server wird die Strategie redlock nicht angeboten.</translation>
    </message>
    <message numerus="yes">
        <source>Redlock over %n independent server(s), quorum %1</source>
        <translation>
            <numerusform>Redlock über %n unabhängigen Server, Quorum %1</numerusform>
            <numerusform>Redlock über %n unabhängige Server, Quorum %1</numerusform>
        </translation>
    </message>
    <message>
        <source>fewer than 3 servers tolerate no failure</source>
        <translation>weniger als 3 Server verkraften keinen Ausfall</translation>
    </message>
    <message>
        <source>Single server %1</source>
        <translation>Einzelserver %1</translation>
    </message>
    <message numerus="yes">
        <source>Ensemble of %n member(s)</source>
        <translation>
            <numerusform>Ensemble aus %n Mitglied</numerusform>
            <numerusform>Ensemble aus %n Mitgliedern</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, under %2</source>
        <translation>%1, unter %2</translation>
    </message>
    <message>
        <source>Host %1, port %2, database %3</source>
        <translation>Host %1, Port %2, Datenbank %3</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1: testing…</source>
        <translation>%1: wird getestet …</translation>
    </message>
    <message>
        <source>answers in %1 ms, %2</source>
        <translation>antwortet in %1 ms, %2</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n server(s) answer</source>
        <translation>
            <numerusform>%1 von %n Server antwortet</numerusform>
            <numerusform>%1 von %n Servern antworten</numerusform>
        </translation>
    </message>
    <message>
        <source>optional: ssh://user@bastion:22?identity=~/.ssh/id_ed25519</source>
        <translation>optional: ssh://benutzer@bastion:22?identity=~/.ssh/id_ed25519</translation>
    </message>
    <message>
        <source>Reach every server through this SSH host, as ssh -L would: its host key must be in known_hosts (known_hosts=FILE, default ~/.ssh/known_hosts); the key file (identity=FILE) or the SSH agent logs in. TLS, where a URI asks for it, runs inside the tunnel.</source>
        <translation>Jeden Server über diesen SSH-Host erreichen, wie ssh -L: sein Host-Schlüssel muss in known_hosts stehen (known_hosts=DATEI, Standard ~/.ssh/known_hosts); angemeldet wird mit der Schlüsseldatei (identity=DATEI) oder dem SSH-Agenten. TLS läuft, wo eine URI es verlangt, im Tunnel.</translation>
    </message>
    <message>
        <source>SSH tunnel</source>
        <translation>SSH-Tunnel</translation>
    </message>
    <message>
        <source>None: LockScope connects to each server directly.</source>
        <translation>Keiner: LockScope verbindet sich direkt mit jedem Server.</translation>
    </message>
    <message>
        <source>Every server through %1 (host key checked against %2; %3)</source>
        <translation>Jeder Server über %1 (Host-Schlüssel geprüft gegen %2; %3)</translation>
    </message>
    <message>
        <source>the SSH agent logs in</source>
        <translation>Anmeldung über den SSH-Agenten</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>Schlüssel %1</translation>
    </message>
    <message>
        <source>TLS, certificate NOT verified</source>
        <translation>TLS, Zertifikat NICHT geprüft</translation>
    </message>
    <message>
        <source>TLS, host name NOT checked</source>
        <translation>TLS, Hostname NICHT geprüft</translation>
    </message>
    <message>
        <source>TLS, certificate verified</source>
        <translation>TLS, Zertifikat geprüft</translation>
    </message>
</context>
<context>
    <name>lockscope::ConnectionIndicator</name>
    <message>
        <source>connecting</source>
        <translation>verbinde</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>down</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>lockscope::CustomerWorker</name>
    <message>
        <source>an unknown failure</source>
        <translation>ein unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>lockscope::DemoPage</name>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Fencing tokens checked by the store</source>
        <translation>Fencing-Token vom Speicher geprüft</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>crash in the critical section</source>
        <translation>Absturz im kritischen Abschnitt</translation>
    </message>
    <message>
        <source>pause past the lease</source>
        <translation>Pause über die Lease hinaus</translation>
    </message>
    <message>
        <source>slow release</source>
        <translation>langsame Freigabe</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>Strategie:</translation>
    </message>
    <message>
        <source>Stock lives in:</source>
        <translation>Bestand liegt in:</translation>
    </message>
    <message>
        <source>Buyers:</source>
        <translation>Käufer:</translation>
    </message>
    <message>
        <source>Items:</source>
        <translation>Artikel:</translation>
    </message>
    <message>
        <source>Stock per item:</source>
        <translation>Bestand je Artikel:</translation>
    </message>
    <message>
        <source>Payment time:</source>
        <translation>Bezahldauer:</translation>
    </message>
    <message>
        <source>Lease:</source>
        <translation>Lease:</translation>
    </message>
    <message>
        <source>Fault:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>Fault rate:</source>
        <translation>Fehlerrate:</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Compare all strategies</source>
        <translation>Alle Strategien vergleichen</translation>
    </message>
    <message>
        <source>%v of %m sold</source>
        <translation>%v von %m verkauft</translation>
    </message>
    <message>
        <source>While it runs</source>
        <translation>Während des Laufs</translation>
    </message>
    <message>
        <source>stock left</source>
        <translation>Restbestand</translation>
    </message>
    <message>
        <source>sold</source>
        <translation>verkauft</translation>
    </message>
    <message>
        <source>oversold</source>
        <translation>überverkauft</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Run a scenario to see whether it oversells.</source>
        <translation>Starten Sie ein Szenario, um zu sehen, ob es überverkauft.</translation>
    </message>
    <message>
        <source>The run failed:</source>
        <translation>Der Lauf ist fehlgeschlagen:</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>%1 läuft…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 purchases, %3 sold, stock left %4%5&lt;br&gt;%6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 Käufe, %3 verkauft, Restbestand %4%5&lt;br&gt;%6</translation>
    </message>
    <message>
        <source>oversold %1</source>
        <translation>überverkauft %1</translation>
    </message>
    <message>
        <source>holding: %1</source>
        <translation>hält: %1</translation>
    </message>
    <message>
        <source>OVERSOLD by %1</source>
        <translation>ÜBERVERKAUFT um %1</translation>
    </message>
    <message>
        <source>No oversell</source>
        <translation>Kein Überverkauf</translation>
    </message>
    <message>
        <source>Stock and orders disagree (%1 lost updates)</source>
        <translation>Bestand und Bestellungen stimmen nicht überein (%1 verlorene Änderungen)</translation>
    </message>
    <message>
        <source>stock %1 → %2, sold %3 of %1</source>
        <translation>Bestand %1 → %2, verkauft %3 von %1</translation>
    </message>
    <message>
        <source>latency p50 %1 ms, p99 %2 ms</source>
        <translation>Latenz p50 %1 ms, p99 %2 ms</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>Vor dem Ende angehalten.</translation>
    </message>
    <message>
        <source>Read-only mode: a demo run writes stock and takes locks.</source>
        <translation>Nur-Lese-Modus: ein Demo-Lauf schreibt Bestand und nimmt Sperren.</translation>
    </message>
    <message>
        <source>Runs in this session: orders confirmed</source>
        <translation>Läufe in dieser Sitzung: bestätigte Bestellungen</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>Bestellungen</translation>
    </message>
    <message>
        <source>%1, fencing off</source>
        <translation>%1, ohne Fencing</translation>
    </message>
    <message>
        <source>While it runs: %1</source>
        <translation>Während des Laufs: %1</translation>
    </message>
    <message>
        <source>unknown (the store does not answer)</source>
        <translation>unbekannt (der Speicher antwortet nicht)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; finished: %2 purchases, %3 sold, stock left %4%5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; beendet: %2 Käufe, %3 verkauft, Restbestand %4%5</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>the servers could not be read for the verdict (%1)</source>
        <translation>die Server konnten für das Urteil nicht gelesen werden (%1)</translation>
    </message>
    <message>
        <source>%1 worker process(es) crashed</source>
        <translation>%1 Arbeitsprozess(e) abgestürzt</translation>
    </message>
    <message>
        <source>%1 buyer(s) gave up on the servers</source>
        <translation>%1 Käufer haben wegen der Server aufgegeben</translation>
    </message>
    <message>
        <source>%1 of %2 attempts failed on the servers</source>
        <translation>%1 von %2 Versuchen scheiterten an den Servern</translation>
    </message>
    <message>
        <source>Infrastructure failure</source>
        <translation>Infrastrukturfehler</translation>
    </message>
    <message>
        <source>Verdict unknown</source>
        <translation>Urteil unbekannt</translation>
    </message>
    <message>
        <source>No oversell among the purchases that went through</source>
        <translation>Kein Überverkauf unter den durchgeführten Käufen</translation>
    </message>
    <message>
        <source>%1 purchases in %2 s; failed: %3 lock timeout, %4 fenced off, %5 crashed, %6 server errors</source>
        <translation>%1 Käufe in %2 s; fehlgeschlagen: %3 Sperr-Zeitüberschreitung, %4 abgewiesen (Fencing), %5 abgestürzt, %6 Serverfehler</translation>
    </message>
    <message>
        <source>partition from the lock server</source>
        <translation>Netztrennung vom Sperrserver</translation>
    </message>
    <message>
        <source>partition from the store</source>
        <translation>Netztrennung vom Lager</translation>
    </message>
    <message>
        <source>restart the lock server</source>
        <translation>Sperrserver neu starten</translation>
    </message>
    <message>
        <source>Sentinel failover (loses the lock)</source>
        <translation>Sentinel-Failover, Sperre verloren</translation>
    </message>
    <message>
        <source>The struck holder&apos;s connection goes through a fault proxy that blackholes it for the fault&apos;s duration: its server is silent, the others are not.</source>
        <translation>Die Verbindung des getroffenen Inhabers läuft über einen Fehler-Proxy, der sie für die Dauer des Fehlers verschluckt: sein Server schweigt, die anderen nicht.</translation>
    </message>
    <message>
        <source>The sandbox&apos;s lock server is restarted under the first struck holder: Redis without persistence comes back without the lock, ZooKeeper and PostgreSQL keep theirs.</source>
        <translation>Der Sperrserver der Sandbox wird unter dem ersten getroffenen Inhaber neu gestartet: Redis ohne Persistenz kommt ohne die Sperre zurück, ZooKeeper und PostgreSQL behalten ihre.</translation>
    </message>
    <message>
        <source>The Sentinel set&apos;s replica is cut off, then the primary killed under the first holder: the promoted replica never saw the lock and grants it again. Fencing decides whether that oversells.</source>
        <translation>Die Replica des Sentinel-Verbunds wird abgeschnitten, dann der Primary unter dem ersten Inhaber beendet: die beförderte Replica hat die Sperre nie gesehen und vergibt sie erneut. Fencing entscheidet, ob das überverkauft.</translation>
    </message>
    <message>
        <source>This strategy takes no lock: there is no holder to strike.</source>
        <translation>Diese Strategie nimmt keine Sperre: es gibt keinen Inhaber, den der Fehler treffen kann.</translation>
    </message>
    <message>
        <source>Redlock&apos;s servers are several: there is no one lock server to cut off or restart.</source>
        <translation>Redlock hat mehrere Server: es gibt nicht den einen Sperrserver, der abgetrennt oder neu gestartet werden kann.</translation>
    </message>
    <message>
        <source>The fault proxy stands in front of one address; this server is several.</source>
        <translation>Der Fehler-Proxy steht vor einer Adresse; dieser Server besteht aus mehreren.</translation>
    </message>
    <message>
        <source>Needs the sandbox the console is connected to (Connections… → Use sandbox…, --sandbox DIR or LOCKSCOPE_SANDBOX_DIR): LockScope acts only on servers it started.</source>
        <translation>Braucht die Sandbox, mit der die Konsole verbunden ist (Verbindungen… → Sandbox verwenden…, --sandbox DIR oder LOCKSCOPE_SANDBOX_DIR): LockScope greift nur in Server ein, die es selbst gestartet hat.</translation>
    </message>
    <message>
        <source>The sandbox cannot be read.</source>
        <translation>Die Sandbox kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Needs an ha sandbox (sandbox up --topology ha): this one has no Sentinel set.</source>
        <translation>Braucht eine ha-Sandbox (sandbox up --topology ha): diese hat keinen Sentinel-Verbund.</translation>
    </message>
    <message>
        <source>Redis must be reached through the sandbox&apos;s Sentinel set (Connections… → Redis mode Sentinel).</source>
        <translation>Redis muss über den Sentinel-Verbund der Sandbox erreicht werden (Verbindungen… → Redis-Modus Sentinel).</translation>
    </message>
    <message>
        <source>Fails over the Redis lock server: choose the redis strategy (or none, to compare).</source>
        <translation>Macht ein Failover des Redis-Sperrservers: wählen Sie die Strategie redis (oder none zum Vergleich).</translation>
    </message>
    <message>
        <source>Fault lasts:</source>
        <translation>Fehler dauert:</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>How long a pause or partition lasts, or a slow release waits. Default: 2 × lease (a slow release: lease / 2; a server restart: how long the struck holder waits for a second holder).</source>
        <translation>Wie lange eine Pause oder Netztrennung dauert oder eine langsame Freigabe wartet. Standard: 2 × Lease (langsame Freigabe: Lease / 2; Serverneustart: wie lange der getroffene Inhaber auf einen zweiten Inhaber wartet).</translation>
    </message>
    <message>
        <source>Redlock issues no fencing token: the store cannot refuse a late write of a holder that paused or was cut off past its lease.</source>
        <translation>Redlock vergibt kein Fencing-Token: der Speicher kann das verspätete Schreiben eines Inhabers, der über seine Lease hinaus pausierte oder abgetrennt war, nicht abweisen.</translation>
    </message>
    <message>
        <source>Runs the strategies this fault applies to: %1</source>
        <translation>Führt die Strategien aus, für die dieser Fehler gilt: %1</translation>
    </message>
    <message>
        <source>primary %1 failed over to %2 in %3 ms</source>
        <translation>Primary %1 in %3 ms auf %2 umgeschaltet</translation>
    </message>
    <message>
        <source>%1 restarted (pid %2 → %3) in %4 ms</source>
        <translation>%1 in %4 ms neu gestartet (PID %2 → %3)</translation>
    </message>
    <message>
        <source>a second holder wrote while the first one&apos;s lease still had %1 ms left</source>
        <translation>ein zweiter Inhaber schrieb, während die Lease des ersten noch %1 ms lief</translation>
    </message>
    <message>
        <source>a second holder wrote while the first one held the lock</source>
        <translation>ein zweiter Inhaber schrieb, während der erste die Sperre hielt</translation>
    </message>
    <message>
        <source>no second holder wrote</source>
        <translation>kein zweiter Inhaber schrieb</translation>
    </message>
    <message numerus="yes">
        <source>struck %n time(s)</source>
        <translation>
            <numerusform>%n-mal getroffen</numerusform>
            <numerusform>%n-mal getroffen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n taken over by another buyer meanwhile</source>
        <translation>
            <numerusform>%n davon inzwischen von einem anderen Käufer übernommen</numerusform>
            <numerusform>%n davon inzwischen von einem anderen Käufer übernommen</numerusform>
        </translation>
    </message>
    <message>
        <source>next purchase %1 ms after the fault ended</source>
        <translation>nächster Kauf %1 ms nach Ende des Fehlers</translation>
    </message>
    <message numerus="yes">
        <source>%n write(s) fenced off</source>
        <translation>
            <numerusform>%n Schreibvorgang abgewiesen (Fencing)</numerusform>
            <numerusform>%n Schreibvorgänge abgewiesen (Fencing)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) failed during the injected outage</source>
        <translation>
            <numerusform>%n Versuch scheiterte während des herbeigeführten Ausfalls</numerusform>
            <numerusform>%n Versuche scheiterten während des herbeigeführten Ausfalls</numerusform>
        </translation>
    </message>
    <message>
        <source>Fault %1:</source>
        <translation>Fehler %1:</translation>
    </message>
    <message>
        <source>The failover takes a few seconds: with a lease shorter than %1 ms the first holder&apos;s lease may run out before it, and no two holders show.</source>
        <translation>Das Failover dauert einige Sekunden: mit einer Lease unter %1 ms kann die Lease des ersten Inhabers vorher ablaufen, und es zeigen sich keine zwei Inhaber.</translation>
    </message>
    <message>
        <source>a second holder wrote %1 ms after the first one&apos;s lease had run out: not two holders (a longer lease shows them)</source>
        <translation>ein zweiter Inhaber schrieb %1 ms nach Ablauf der Lease des ersten: keine zwei Inhaber (eine längere Lease zeigt sie)</translation>
    </message>
    <message>
        <source>Not with these servers:</source>
        <translation>Nicht mit diesen Servern:</translation>
    </message>
    <message>
        <source>kill the ZooKeeper leader</source>
        <translation>ZooKeeper-Leader beenden</translation>
    </message>
    <message>
        <source>The ensemble&apos;s leader is killed under the first holder: a new one is elected, the holder&apos;s session moves to another member and keeps its lock.</source>
        <translation>Der Leader des Ensembles wird unter dem ersten Inhaber beendet: ein neuer wird gewählt, die Sitzung des Inhabers wechselt zu einem anderen Mitglied und behält ihre Sperre.</translation>
    </message>
    <message>
        <source>leader %1 killed, %2 elected in %3 ms</source>
        <translation>Leader %1 beendet, %2 in %3 ms gewählt</translation>
    </message>
    <message>
        <source>the holder kept its lock</source>
        <translation>der Inhaber behielt seine Sperre</translation>
    </message>
    <message>
        <source>the holder lost its lock</source>
        <translation>der Inhaber verlor seine Sperre</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Sequence diagram</source>
        <translation>Sequenzdiagramm</translation>
    </message>
    <message>
        <source>Race:</source>
        <translation>Wettlauf:</translation>
    </message>
    <message>
        <source>Stock: the last items</source>
        <translation>Bestand: die letzten Artikel</translation>
    </message>
    <message>
        <source>Double charge: one order paid twice</source>
        <translation>Doppelte Abbuchung: eine Bestellung zweimal bezahlt</translation>
    </message>
    <message>
        <source>Cart: a one-time discount used twice</source>
        <translation>Warenkorb: ein Einmal-Rabatt zweimal genutzt</translation>
    </message>
    <message>
        <source>%1 payment confirmations charged, %2 charges recorded</source>
        <translation>%1 Zahlungsbestätigungen abgebucht, %2 Abbuchungen verbucht</translation>
    </message>
    <message>
        <source>cart quantity %1 → %2, %3 adds confirmed</source>
        <translation>Menge im Warenkorb %1 → %2, %3 Hinzufügungen bestätigt</translation>
    </message>
    <message numerus="yes">
        <source>CHARGED TWICE: %n extra charge(s)</source>
        <translation>
            <numerusform>DOPPELT ABGEBUCHT: %n zusätzliche Abbuchung</numerusform>
            <numerusform>DOPPELT ABGEBUCHT: %n zusätzliche Abbuchungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Every order charged once</source>
        <translation>Jede Bestellung einmal abgebucht</translation>
    </message>
    <message>
        <source>DISCOUNT USED TWICE</source>
        <translation>RABATT ZWEIMAL GENUTZT</translation>
    </message>
    <message>
        <source>CART UPDATE LOST</source>
        <translation>WARENKORB-ÄNDERUNG VERLOREN</translation>
    </message>
    <message numerus="yes">
        <source>%n extra discount use(s)</source>
        <translation>
            <numerusform>%n zusätzliche Rabattnutzung</numerusform>
            <numerusform>%n zusätzliche Rabattnutzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lost cart update(s)</source>
        <translation>
            <numerusform>%n verlorene Warenkorb-Änderung</numerusform>
            <numerusform>%n verlorene Warenkorb-Änderungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Discount used once, no cart update lost</source>
        <translation>Rabatt einmal genutzt, keine Warenkorb-Änderung verloren</translation>
    </message>
</context>
<context>
    <name>lockscope::DemoReplayPanel</name>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Replay: the diagram shows what happened up to this moment</source>
        <translation>Wiedergabe: das Diagramm zeigt, was bis zu diesem Moment geschah</translation>
    </message>
    <message>
        <source>Item:</source>
        <translation>Artikel:</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Run a scenario: its diagram shows here, one item&apos;s buyers at a time.</source>
        <translation>Starten Sie ein Szenario: sein Diagramm erscheint hier, die Käufer eines Artikels auf einmal.</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n buyer(s))</source>
        <translation>
            <numerusform>%1 (%n Käufer)</numerusform>
            <numerusform>%1 (%n Käufer)</numerusform>
        </translation>
    </message>
    <message>
        <source>The run made no purchase attempt: nothing to draw.</source>
        <translation>Der Lauf hat keinen Kaufversuch unternommen: nichts zu zeichnen.</translation>
    </message>
    <message>
        <source>%1 / %2 s</source>
        <translation>%1 / %2 s</translation>
    </message>
</context>
<context>
    <name>lockscope::DemoWorker</name>
    <message>
        <source>%1: an unknown failure</source>
        <translation>%1: ein unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>lockscope::DiagramExplainer</name>
    <message>
        <source>another actor</source>
        <translation>ein anderer Akteur</translation>
    </message>
    <message>
        <source>Both %1 and %2 read stock %3 before either wrote: without a lock nothing orders read-check-write.</source>
        <translation>%1 und %2 lasen beide den Bestand %3, bevor einer schrieb: ohne Sperre ordnet nichts Lesen-Prüfen-Schreiben.</translation>
    </message>
    <message>
        <source>%1 took the lock with token %2 and %3 only after it with token %4: each read the stock the one before had written.</source>
        <translation>%1 bekam die Sperre mit Token %2 und %3 erst danach mit Token %4: jeder las den Bestand, den der vorige geschrieben hatte.</translation>
    </message>
    <message>
        <source>%1&apos;s lease expired while it was paused; %2 took the lock with token %3; %1&apos;s write with token %4 was refused by the store.</source>
        <translation>Die Lease von %1 lief ab, während er pausiert war; %2 bekam die Sperre mit Token %3; der Schreibvorgang von %1 mit Token %4 wurde vom Speicher abgewiesen.</translation>
    </message>
    <message>
        <source>%1&apos;s lease expired before it wrote; %2 took the lock with token %3; %1&apos;s write with token %4 was refused by the store.</source>
        <translation>Die Lease von %1 lief ab, bevor er schrieb; %2 bekam die Sperre mit Token %3; der Schreibvorgang von %1 mit Token %4 wurde vom Speicher abgewiesen.</translation>
    </message>
    <message>
        <source>%1 wrote with token %2 after the store had seen token %3 (%4): the store refused the older token, so the late write changed nothing.</source>
        <translation>%1 schrieb mit Token %2, nachdem der Speicher Token %3 gesehen hatte (%4): der Speicher wies das ältere Token ab, der späte Schreibvorgang änderte nichts.</translation>
    </message>
    <message>
        <source>%1&apos;s lease expired%2; %3 took the lock with token %4; %1&apos;s write with token %5 was still accepted: without fencing the store cannot tell a stale holder.</source>
        <translation>Die Lease von %1 lief ab%2; %3 bekam die Sperre mit Token %4; der Schreibvorgang von %1 mit Token %5 wurde trotzdem angenommen: ohne Fencing erkennt der Speicher keinen veralteten Halter.</translation>
    </message>
    <message>
        <source> while it was paused</source>
        <translation>, während er pausiert war</translation>
    </message>
    <message>
        <source>%1 died holding the lock (token %2); nobody else took it in the diagram.</source>
        <translation>%1 starb mit der Sperre (Token %2); im Diagramm nahm sie niemand sonst.</translation>
    </message>
    <message>
        <source>%1 died holding the lock (token %2); the lock was free again only when it expired, then %3 took it with token %4.</source>
        <translation>%1 starb mit der Sperre (Token %2); die Sperre war erst nach ihrem Ablauf wieder frei, dann bekam %3 sie mit Token %4.</translation>
    </message>
    <message>
        <source>%1 waited %2 ms for the lock and gave up: the holder kept it longer.</source>
        <translation>%1 wartete %2 ms auf die Sperre und gab auf: der Halter behielt sie länger.</translation>
    </message>
    <message>
        <source>%1 read stock %2 after %3&apos;s write: sold out, nothing oversold.</source>
        <translation>%1 las den Bestand %2 nach dem Schreibvorgang von %3: ausverkauft, nichts überverkauft.</translation>
    </message>
    <message>
        <source>%1 and %2 both saw the order unpaid and both charged the card: the customer paid twice.</source>
        <translation>%1 und %2 sahen beide die Bestellung unbezahlt und belasteten beide die Karte: der Kunde zahlte doppelt.</translation>
    </message>
    <message>
        <source>%1 charged the card once; every other confirmation found the order already paid or was refused.</source>
        <translation>%1 belastete die Karte einmal; jede andere Bestätigung fand die Bestellung bereits bezahlt oder wurde abgewiesen.</translation>
    </message>
    <message>
        <source>%1 tried the discount again: refused by the store&apos;s unique constraint, the code had already been used on this cart (by %2).</source>
        <translation>%1 versuchte den Rabatt erneut: abgewiesen durch die Eindeutigkeitsbedingung des Speichers, der Code war für diesen Warenkorb schon benutzt (von %2).</translation>
    </message>
    <message>
        <source>%1&apos;s charge was refused: the order&apos;s idempotency key was already taken (by %2), a unique constraint in the store.</source>
        <translation>Die Belastung von %1 wurde abgewiesen: der Idempotenzschlüssel der Bestellung war schon vergeben (von %2), eine Eindeutigkeitsbedingung im Speicher.</translation>
    </message>
    <message>
        <source>%1 and %2 both applied the one-time discount code before either recorded it: the discount was used twice.</source>
        <translation>%1 und %2 lösten beide den Einmal-Rabattcode ein, bevor einer ihn vermerkte: der Rabatt wurde doppelt genutzt.</translation>
    </message>
    <message>
        <source>%2 wrote the cart from a read taken before %1&apos;s write: %1&apos;s item update was lost.</source>
        <translation>%2 schrieb den Warenkorb aus einem Lesevorgang vor dem Schreiben von %1: die Artikeländerung von %1 ging verloren.</translation>
    </message>
    <message>
        <source>The cart&apos;s updates followed one another (first by %1): the discount was used once and no update was lost.</source>
        <translation>Die Änderungen am Warenkorb folgten aufeinander (zuerst von %1): der Rabatt wurde einmal genutzt und keine Änderung ging verloren.</translation>
    </message>
    <message>
        <source>Nothing has happened yet.</source>
        <translation>Noch ist nichts geschehen.</translation>
    </message>
    <message>
        <source>OVERSOLD</source>
        <translation>ÜBERVERKAUFT</translation>
    </message>
    <message>
        <source>READ BEFORE WRITE</source>
        <translation>GELESEN VOR DEM SCHREIBEN</translation>
    </message>
    <message>
        <source>SERIALIZED</source>
        <translation>NACHEINANDER</translation>
    </message>
    <message>
        <source>FENCED OFF</source>
        <translation>ABGEWIESEN (FENCING)</translation>
    </message>
    <message>
        <source>STALE WRITE ACCEPTED</source>
        <translation>VERALTETER SCHREIBVORGANG ANGENOMMEN</translation>
    </message>
    <message>
        <source>HOLDER CRASHED</source>
        <translation>HALTER ABGESTÜRZT</translation>
    </message>
    <message>
        <source>LOCK TIMEOUT</source>
        <translation>SPERR-ZEITÜBERSCHREITUNG</translation>
    </message>
    <message>
        <source>SOLD OUT</source>
        <translation>AUSVERKAUFT</translation>
    </message>
    <message>
        <source>CHARGED TWICE</source>
        <translation>DOPPELT BELASTET</translation>
    </message>
    <message>
        <source>CHARGED ONCE</source>
        <translation>EINMAL BELASTET</translation>
    </message>
    <message>
        <source>DUPLICATE REFUSED</source>
        <translation>DUPLIKAT ABGEWIESEN</translation>
    </message>
    <message>
        <source>DISCOUNT USED TWICE</source>
        <translation>RABATT DOPPELT GENUTZT</translation>
    </message>
    <message>
        <source>CART UPDATE LOST</source>
        <translation>WARENKORB-ÄNDERUNG VERLOREN</translation>
    </message>
    <message>
        <source>CART CONSISTENT</source>
        <translation>WARENKORB KONSISTENT</translation>
    </message>
    <message>
        <source>NOTHING YET</source>
        <translation>NOCH NICHTS</translation>
    </message>
    <message>
        <source>lock acquired, token %1</source>
        <translation>Sperre erhalten, Token %1</translation>
    </message>
    <message>
        <source>lock acquired</source>
        <translation>Sperre erhalten</translation>
    </message>
    <message>
        <source>lease %1 ms</source>
        <translation>Lease %1 ms</translation>
    </message>
    <message>
        <source>lease of %1 expired</source>
        <translation>Lease von %1 abgelaufen</translation>
    </message>
    <message>
        <source>lease expired</source>
        <translation>Lease abgelaufen</translation>
    </message>
    <message>
        <source>lock wait timed out</source>
        <translation>Warten auf die Sperre abgelaufen</translation>
    </message>
    <message>
        <source>read stock = %1</source>
        <translation>Bestand gelesen = %1</translation>
    </message>
    <message>
        <source>order unpaid</source>
        <translation>Bestellung unbezahlt</translation>
    </message>
    <message>
        <source>charging</source>
        <translation>belastet</translation>
    </message>
    <message>
        <source>paying</source>
        <translation>bezahlt</translation>
    </message>
    <message>
        <source>paused %1 ms</source>
        <translation>pausiert %1 ms</translation>
    </message>
    <message>
        <source>crashed holding the lock</source>
        <translation>mit der Sperre abgestürzt</translation>
    </message>
    <message>
        <source>write stock = %1</source>
        <translation>Bestand schreiben = %1</translation>
    </message>
    <message>
        <source>charge card</source>
        <translation>Karte belasten</translation>
    </message>
    <message>
        <source>write cart = %1, discount applied</source>
        <translation>Warenkorb schreiben = %1, Rabatt eingelöst</translation>
    </message>
    <message>
        <source>write cart = %1</source>
        <translation>Warenkorb schreiben = %1</translation>
    </message>
    <message>
        <source>token %1 &lt; %2 seen</source>
        <translation>Token %1 &lt; %2 gesehen</translation>
    </message>
    <message>
        <source>token %1 refused</source>
        <translation>Token %1 abgewiesen</translation>
    </message>
    <message>
        <source>charge refused: idempotency key taken</source>
        <translation>Belastung abgewiesen: Idempotenzschlüssel vergeben</translation>
    </message>
    <message>
        <source>discount refused: already used</source>
        <translation>Rabatt abgewiesen: schon genutzt</translation>
    </message>
    <message>
        <source>write refused: duplicate</source>
        <translation>Schreiben abgewiesen: Duplikat</translation>
    </message>
    <message>
        <source>released</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>release: not the owner any more</source>
        <translation>Freigabe: nicht mehr Besitzer</translation>
    </message>
    <message>
        <source>order confirmed</source>
        <translation>Bestellung bestätigt</translation>
    </message>
    <message>
        <source>payment confirmed</source>
        <translation>Zahlung bestätigt</translation>
    </message>
    <message>
        <source>cart saved</source>
        <translation>Warenkorb gespeichert</translation>
    </message>
    <message>
        <source>already paid, nothing to do</source>
        <translation>bereits bezahlt, nichts zu tun</translation>
    </message>
    <message>
        <source>nothing to do</source>
        <translation>nichts zu tun</translation>
    </message>
    <message>
        <source>rejected: sold out</source>
        <translation>abgelehnt: ausverkauft</translation>
    </message>
    <message>
        <source>rejected: fenced off</source>
        <translation>abgelehnt: durch Fencing abgewiesen</translation>
    </message>
    <message>
        <source>rejected: lock timeout</source>
        <translation>abgelehnt: Sperr-Zeitüberschreitung</translation>
    </message>
    <message>
        <source>rejected: duplicate</source>
        <translation>abgelehnt: Duplikat</translation>
    </message>
    <message>
        <source>rejected: error</source>
        <translation>abgelehnt: Fehler</translation>
    </message>
    <message>
        <source>LOST UPDATE</source>
        <translation>VERLORENE ÄNDERUNG</translation>
    </message>
    <message>
        <source>charged twice</source>
        <translation>doppelt belastet</translation>
    </message>
    <message>
        <source>discount used twice</source>
        <translation>Rabatt doppelt genutzt</translation>
    </message>
    <message>
        <source>cart update lost</source>
        <translation>Warenkorb-Änderung verloren</translation>
    </message>
    <message>
        <source>anomaly</source>
        <translation>Anomalie</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Sequence diagram (%1, %2): %3</source>
        <translation>Sequenzdiagramm (%1, %2): %3</translation>
    </message>
    <message>
        <source>%1 and %2 both read a cart of 1 item before either wrote: the later write overwrote the earlier one, and nothing ordered read-change-write.</source>
        <translation>%1 und %2 lasen beide einen Warenkorb mit 1 Artikel, bevor einer schrieb: der spätere Schreibvorgang überschrieb den früheren, und nichts ordnete Lesen-Ändern-Schreiben.</translation>
    </message>
    <message>
        <source>%1 and %2 both read a cart of %3 items before either wrote: the later write overwrote the earlier one, and nothing ordered read-change-write.</source>
        <translation>%1 und %2 lasen beide einen Warenkorb mit %3 Artikeln, bevor einer schrieb: der spätere Schreibvorgang überschrieb den früheren, und nichts ordnete Lesen-Ändern-Schreiben.</translation>
    </message>
    <message>
        <source>already paid (1 charge)</source>
        <translation>bereits bezahlt (1 Abbuchung)</translation>
    </message>
    <message>
        <source>already paid (%1 charges)</source>
        <translation>bereits bezahlt (%1 Abbuchungen)</translation>
    </message>
    <message>
        <source>cart has 1 item</source>
        <translation>Warenkorb hat 1 Artikel</translation>
    </message>
    <message>
        <source>cart has %1 items</source>
        <translation>Warenkorb hat %1 Artikel</translation>
    </message>
    <message>
        <source>%2 read stock %3 and sold, but %1 had already sold from that stock: with %2&apos;s order the item&apos;s confirmed orders exceed its stock, and more was sold than there was.</source>
        <translation>%2 las den Bestand %3 und verkaufte, aber %1 hatte aus diesem Bestand schon verkauft: mit der Bestellung von %2 übersteigen die bestätigten Bestellungen des Artikels seinen Bestand, und es wurde mehr verkauft als vorhanden war.</translation>
    </message>
</context>
<context>
    <name>lockscope::DownBanner</name>
    <message>
        <source>&lt;b&gt;%1 is down since %2&lt;/b&gt;: the %1 rows are missing or last known (greyed, with their age), not current.</source>
        <translation>&lt;b&gt;%1 ist seit %2 nicht erreichbar&lt;/b&gt;: die %1-Zeilen fehlen oder zeigen den letzten bekannten Stand (grau, mit ihrem Alter), nicht den aktuellen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is down since %2&lt;/b&gt;: its leases are not read; their lines stop at the last known value.</source>
        <translation>&lt;b&gt;%1 ist seit %2 nicht erreichbar&lt;/b&gt;: seine Leases werden nicht gelesen; ihre Linien enden beim letzten bekannten Wert.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is down since %2&lt;/b&gt;: the %1 stock is missing or last known (greyed), not current.</source>
        <translation>&lt;b&gt;%1 ist seit %2 nicht erreichbar&lt;/b&gt;: der %1-Bestand fehlt oder ist der letzte bekannte (grau), nicht der aktuelle.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 refused this connection&apos;s identity&lt;/b&gt; since %2: %3</source>
        <translation>&lt;b&gt;%1 verweigert der Identität dieser Verbindung den Zugriff&lt;/b&gt; seit %2: %3</translation>
    </message>
</context>
<context>
    <name>lockscope::ForceReleaseDialog</name>
    <message>
        <source>Force-release lock</source>
        <translation>Sperre zwangsweise freigeben</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; lock &lt;b&gt;%2&lt;/b&gt;, held by &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;-Sperre &lt;b&gt;%2&lt;/b&gt;, gehalten von &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Why is this lock being released? (required)</source>
        <translation>Warum wird diese Sperre freigegeben? (Pflichtfeld)</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Only cancel the running query (pg_cancel_backend)</source>
        <translation>Nur die laufende Abfrage abbrechen (pg_cancel_backend)</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Will %1.</source>
        <translation>Geplant: %1.</translation>
    </message>
    <message>
        <source>Observed bytes (SHA-256): %1</source>
        <translation>Gesehene Bytes (SHA-256): %1</translation>
    </message>
    <message>
        <source>If the lock changed since you saw it, even by one byte, nothing is released and you are told what changed. After the action the lock is observed again and you are told what is true: released, or nothing released. Every attempt is written to the audit log.</source>
        <translation>Hat sich die Sperre geändert, seit Sie sie gesehen haben, und sei es um ein Byte, wird nichts freigegeben und Sie erfahren, was sich geändert hat. Nach der Aktion wird die Sperre erneut gelesen und Sie erfahren, was zutrifft: freigegeben oder nichts freigegeben. Jeder Versuch wird ins Prüfprotokoll geschrieben.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>lockscope::HistorySettingsDialog</name>
    <message>
        <source>History settings</source>
        <translation>Verlaufseinstellungen</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>History file</source>
        <translation>Verlaufsdatei</translation>
    </message>
    <message>
        <source>SQLite files (*.sqlite *.db)</source>
        <translation>SQLite-Dateien (*.sqlite *.db)</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>What ended longer ago than the retention is deleted, and the oldest rows go first when the file outgrows its cap. A new location takes effect at the next start.</source>
        <translation>Was länger als die Aufbewahrungsdauer zurückliegt, wird gelöscht; wächst die Datei über ihre Obergrenze, gehen die ältesten Zeilen zuerst. Ein neuer Ort gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Keep:</source>
        <translation>Aufbewahren:</translation>
    </message>
    <message>
        <source>At most:</source>
        <translation>Höchstens:</translation>
    </message>
</context>
<context>
    <name>lockscope::LeaseBarDelegate</name>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>lockscope::LeasesPage</name>
    <message>
        <source>Lease remaining: renewed locks saw-tooth, dying ones fall to zero</source>
        <translation>Verbleibende Lease: erneuerte Sperren zeigen Sägezähne, sterbende fallen auf null</translation>
    </message>
    <message>
        <source>seconds left</source>
        <translation>Sekunden übrig</translation>
    </message>
</context>
<context>
    <name>lockscope::LockModel</name>
    <message>
        <source>no expiry</source>
        <translation>läuft nie ab</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Held for</source>
        <translation>Haltedauer</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>Lease</translation>
    </message>
    <message>
        <source>Waiters</source>
        <translation>Wartende</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Merkmale</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>What was locked: %1</source>
        <translation>Was gesperrt wurde: %1</translation>
    </message>
    <message>
        <source>Read from %1</source>
        <translation>Gelesen aus %1</translation>
    </message>
    <message>
        <source>No flags: nothing unusual.</source>
        <translation>Keine Merkmale: nichts Ungewöhnliches.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Last known, %1 ago:&lt;/b&gt; %2 is down since %3; this lock may have changed or gone since.</source>
        <translation>&lt;b&gt;Zuletzt bekannt, vor %1:&lt;/b&gt; %2 ist seit %3 nicht erreichbar; diese Sperre kann sich seither geändert haben oder verschwunden sein.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>last known, %1 ago</source>
        <translation>zuletzt bekannt, vor %1</translation>
    </message>
    <message>
        <source>The server the lock lives on.</source>
        <translation>Der Server, auf dem die Sperre liegt.</translation>
    </message>
    <message>
        <source>How the lock is made: redis-key, redisson-hash, zk-recipe, pg-row, pg-advisory, pg-relation or lease. Hover a cell for what it is.</source>
        <translation>Wie die Sperre gebaut ist: redis-key, redisson-hash, zk-recipe, pg-row, pg-advisory, pg-relation oder lease. Zeigen Sie auf eine Zelle, um zu sehen, was sie ist.</translation>
    </message>
    <message>
        <source>What was locked (cart:42), decoded from the key, node or row. Filter by it to find every kind of lock on one thing.</source>
        <translation>Was gesperrt wurde (cart:42), ermittelt aus Schlüssel, Knoten oder Zeile. Filtern Sie danach, um jede Art von Sperre auf einer Sache zu finden.</translation>
    </message>
    <message>
        <source>Where the lock was read from: the Redis key, the ZooKeeper node, the PostgreSQL table or advisory key.</source>
        <translation>Woher die Sperre gelesen wurde: der Redis-Schlüssel, der ZooKeeper-Knoten, die PostgreSQL-Tabelle oder der Advisory-Schlüssel.</translation>
    </message>
    <message>
        <source>Who holds it: owner id, token, node name or PostgreSQL backend.</source>
        <translation>Wer sie hält: Besitzer-ID, Token, Knotenname oder PostgreSQL-Backend.</translation>
    </message>
    <message>
        <source>Fencing token, where the lock has one: a write carrying a smaller token than the store has seen must be refused.</source>
        <translation>Fencing-Token, sofern die Sperre eines hat: ein Schreibvorgang mit kleinerem Token, als der Speicher schon gesehen hat, muss abgewiesen werden.</translation>
    </message>
    <message>
        <source>How long it has been held, where the backend tells. Advances every second.</source>
        <translation>Wie lange sie schon gehalten wird, sofern das Backend es verrät. Läuft jede Sekunde weiter.</translation>
    </message>
    <message>
        <source>Lease left before it expires on its own. Red: the last quarter. &quot;no expiry&quot;: lives until released.</source>
        <translation>Verbleibende Lease, bevor sie von selbst abläuft. Rot: das letzte Viertel. „läuft nie ab“: besteht bis zur Freigabe.</translation>
    </message>
    <message>
        <source>How many wait behind it, in order in the details below.</source>
        <translation>Wie viele hinter ihr warten; ihre Reihenfolge steht unten in den Details.</translation>
    </message>
    <message>
        <source>What the monitor concluded about the lock; hover a cell for what each flag means and what to do.</source>
        <translation>Was der Monitor über die Sperre festgestellt hat; zeigen Sie auf eine Zelle, um zu sehen, was jedes Merkmal bedeutet und was zu tun ist.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Key / node / row</source>
        <translation>Gelesen aus</translation>
    </message>
    <message>
        <source>The server does not tell which of its members holds this lock.</source>
        <translation>Der Server verrät nicht, welches seiner Mitglieder diese Sperre hält.</translation>
    </message>
    <message>
        <source>Read on %1</source>
        <translation>Gelesen auf %1</translation>
    </message>
    <message>
        <source>Which server holds it, where there are several: the Redis Cluster primary owning its slot, the Sentinel set&apos;s primary, or one Redlock server (a Redlock lock shows once per server that has a copy). Empty for ZooKeeper: a session, not a lock, is on one member of the ensemble.</source>
        <translation>Welcher Server sie hält, wo es mehrere gibt: der Primary des Redis Clusters, dem ihr Slot gehört, der Primary des Sentinel-Verbunds oder ein Redlock-Server (eine Redlock-Sperre erscheint einmal je Server mit einer Kopie). Leer bei ZooKeeper: eine Sitzung, nicht eine Sperre, liegt auf einem Mitglied des Ensembles.</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
</context>
<context>
    <name>lockscope::LocksPage</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Force-release…</source>
        <translation>Zwangsweise freigeben…</translation>
    </message>
    <message>
        <source>All backends</source>
        <translation>Alle Backends</translation>
    </message>
    <message>
        <source>Select a lock to see its raw value, its waiters in order and, for PostgreSQL, who blocks whom.</source>
        <translation>Wählen Sie eine Sperre, um ihren Rohwert, ihre Wartenden in Reihenfolge und bei PostgreSQL die Blockierkette zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>%n lock(s)</source>
        <translation>
            <numerusform>%n Sperre</numerusform>
            <numerusform>%n Sperren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stale</source>
        <translation>
            <numerusform>%n veraltet</numerusform>
            <numerusform>%n veraltet</numerusform>
        </translation>
    </message>
    <message>
        <source>Holder:</source>
        <translation>Inhaber:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Flags:</source>
        <translation>Merkmale:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Raw:</source>
        <translation>Rohwert:</translation>
    </message>
    <message>
        <source>Waiters, in order:</source>
        <translation>Wartende, in Reihenfolge:</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n weitere</numerusform>
            <numerusform>%n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Locked rows:</source>
        <translation>Gesperrte Zeilen:</translation>
    </message>
    <message>
        <source>Query:</source>
        <translation>Abfrage:</translation>
    </message>
    <message>
        <source>Who blocks whom:</source>
        <translation>Wer blockiert wen:</translation>
    </message>
    <message>
        <source>Read every server now (F5)</source>
        <translation>Alle Server jetzt lesen (F5)</translation>
    </message>
    <message>
        <source>Release the selected lock(s) if still exactly as seen; asks for a reason and writes the audit log (Del)</source>
        <translation>Die gewählten Sperren freigeben, wenn sie noch genau so sind wie gesehen; fragt nach einem Grund und schreibt ins Prüfprotokoll (Entf)</translation>
    </message>
    <message>
        <source>Filter: resource, key, holder, kind or flag (Ctrl+F)</source>
        <translation>Filter: Ressource, Schlüssel, Inhaber, Art oder Merkmal (Strg+F)</translation>
    </message>
    <message>
        <source>Shows the locks whose resource, key/node/row, holder, kind or flags contain this text. Esc clears it.</source>
        <translation>Zeigt die Sperren, deren Ressource, Schlüssel/Knoten/Zeile, Inhaber, Art oder Merkmale diesen Text enthalten. Esc leert ihn.</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>Filter leeren</translation>
    </message>
    <message>
        <source>Copy cell</source>
        <translation>Zelle kopieren</translation>
    </message>
    <message>
        <source>Copy raw value</source>
        <translation>Rohwert kopieren</translation>
    </message>
    <message>
        <source>Copy row as JSON</source>
        <translation>Zeile als JSON kopieren</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n lock(s)</source>
        <translation>
            <numerusform>%1 von %n Sperre</numerusform>
            <numerusform>%1 von %n Sperren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n last known</source>
        <translation>
            <numerusform>%n zuletzt bekannt</numerusform>
            <numerusform>%n zuletzt bekannt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Force-release %n…</source>
        <translation>
            <numerusform>%n zwangsweise freigeben…</numerusform>
            <numerusform>%n zwangsweise freigeben…</numerusform>
        </translation>
    </message>
    <message>
        <source>Last known: %1 is down, this lock may have changed or gone.</source>
        <translation>Zuletzt bekannt: %1 ist nicht erreichbar, diese Sperre kann sich geändert haben oder verschwunden sein.</translation>
    </message>
    <message>
        <source>Key / node / row:</source>
        <translation>Gelesen aus:</translation>
    </message>
    <message>
        <source>Its server is down: this row is only the last known state. Force-release is possible again once the server answers and the lock is seen again.</source>
        <translation>Sein Server ist nicht erreichbar: Diese Zeile ist nur der zuletzt bekannte Stand. Zwangsweises Freigeben ist wieder möglich, sobald der Server antwortet und die Sperre wieder gesehen wird.</translation>
    </message>
</context>
<context>
    <name>lockscope::MainWindow</name>
    <message>
        <source>LockScope (read-only)</source>
        <translation>LockScope (nur lesen)</translation>
    </message>
    <message>
        <source>LockScope</source>
        <translation>LockScope</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Connections…</source>
        <translation>Verbindungen…</translation>
    </message>
    <message>
        <source>Start local sandbox</source>
        <translation>Lokale Sandbox starten</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Leases</source>
        <translation>Leases</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Kaufen</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Releasing %1…</source>
        <translation>Gebe %1 frei…</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Changed in the meantime: nothing done</source>
        <translation>Inzwischen geändert: nichts getan</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Starting Redis, ZooKeeper and PostgreSQL on loopback…</source>
        <translation>Starte Redis, ZooKeeper und PostgreSQL auf Loopback…</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Local sandbox running in %1</source>
        <translation>Lokale Sandbox läuft in %1</translation>
    </message>
    <message>
        <source>Choose the Redis, ZooKeeper and PostgreSQL servers to watch</source>
        <translation>Die zu beobachtenden Redis-, ZooKeeper- und PostgreSQL-Server wählen</translation>
    </message>
    <message>
        <source>Start Redis, ZooKeeper and PostgreSQL on loopback and watch them</source>
        <translation>Redis, ZooKeeper und PostgreSQL auf Loopback starten und beobachten</translation>
    </message>
    <message>
        <source>Read-only mode: force-release, demo runs, purchases and stock changes are disabled.</source>
        <translation>Nur-Lese-Modus: zwangsweise Freigabe, Demo-Läufe, Käufe und Bestandsänderungen sind abgeschaltet.</translation>
    </message>
    <message>
        <source>Nothing released</source>
        <translation>Nichts freigegeben</translation>
    </message>
    <message>
        <source>Refused: read-only</source>
        <translation>Abgelehnt: nur lesen</translation>
    </message>
    <message>
        <source>Force-release plan</source>
        <translation>Plan zur zwangsweisen Freigabe</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n lock(s) released.</source>
        <translation>
            <numerusform>%1 von %n Sperre freigegeben.</numerusform>
            <numerusform>%1 von %n Sperren freigegeben.</numerusform>
        </translation>
    </message>
    <message>
        <source>A plan is still running; wait for its outcomes.</source>
        <translation>Ein Plan läuft noch; warten Sie auf seine Ergebnisse.</translation>
    </message>
    <message numerus="yes">
        <source>Releasing %n lock(s)…</source>
        <translation>
            <numerusform>Gebe %n Sperre frei…</numerusform>
            <numerusform>Gebe %n Sperren frei…</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Export locks as CSV…</source>
        <translation>Sperren als CSV exportieren…</translation>
    </message>
    <message>
        <source>Export locks as JSON…</source>
        <translation>Sperren als JSON exportieren…</translation>
    </message>
    <message>
        <source>Export audit as CSV…</source>
        <translation>Prüfprotokoll als CSV exportieren…</translation>
    </message>
    <message>
        <source>Export audit as JSON…</source>
        <translation>Prüfprotokoll als JSON exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Extras</translation>
    </message>
    <message>
        <source>Stale rules…</source>
        <translation>Veraltungsregeln…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>LockScope help</source>
        <translation>LockScope-Hilfe</translation>
    </message>
    <message>
        <source>About LockScope</source>
        <translation>Über LockScope</translation>
    </message>
    <message>
        <source>&lt;b&gt;LockScope&lt;/b&gt; %1&lt;br&gt;Distributed locks on Redis, ZooKeeper and PostgreSQL: watch them, understand them, release them safely.</source>
        <translation>&lt;b&gt;LockScope&lt;/b&gt; %1&lt;br&gt;Verteilte Sperren auf Redis, ZooKeeper und PostgreSQL: beobachten, verstehen, sicher freigeben.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Nach %1 exportiert</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Stale rules saved; the monitor restarted with them.</source>
        <translation>Veraltungsregeln gespeichert; der Monitor wurde mit ihnen neu gestartet.</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Read-only mode&lt;/b&gt;: nothing is written anywhere. Force-release, demo runs, purchases and stock changes are off; what is said below about them does not apply.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Nur-Lese-Modus&lt;/b&gt;: Nirgends wird etwas geschrieben. Zwangsweises Freigeben, Demoläufe, Käufe und Bestandsänderungen sind aus; was unten darüber steht, gilt nicht.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The local sandbox is still starting…</source>
        <translation>Die lokale Sandbox startet noch…</translation>
    </message>
    <message>
        <source>A sandbox is already running in %1. Connect to it, or restart it? Restarting stops its servers for everyone using them.</source>
        <translation>In %1 läuft bereits eine Sandbox. Mit ihr verbinden oder sie neu starten? Ein Neustart hält ihre Server für alle an, die sie nutzen.</translation>
    </message>
    <message>
        <source>Connect to it</source>
        <translation>Mit ihr verbinden</translation>
    </message>
    <message>
        <source>Restart it</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>SSH tunnel not used: %1</source>
        <translation>SSH-Tunnel nicht verwendet: %1</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitachse</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Alert rules…</source>
        <translation>Alarmregeln…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Pages&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Locks&lt;/b&gt;: every live lock. Hover a column header, a kind or a flag for what it means. Select one or several and press Del to force-release them: each is released only if it is still exactly as you saw it, and audited.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Leases&lt;/b&gt;: lease left over time. &lt;b&gt;Stock&lt;/b&gt;: stock per store. &lt;b&gt;Demo&lt;/b&gt; and &lt;b&gt;Buy&lt;/b&gt;: oversell with and without a lock. &lt;b&gt;Audit&lt;/b&gt;: every force-release attempt. &lt;b&gt;Sessions&lt;/b&gt;: every PostgreSQL backend, who blocks whom. &lt;b&gt;Timeline&lt;/b&gt; and &lt;b&gt;Statistics&lt;/b&gt;: the recorded history of holds, waits and outages. &lt;b&gt;Alerts&lt;/b&gt;: what the alert rules found.&lt;/p&gt;&lt;p&gt;A red banner means a server is down: its rows are last known, greyed with their age.&lt;/p&gt;&lt;h3&gt;Keys&lt;/h3&gt;&lt;p&gt;F5 refresh · Ctrl+F filter · Esc clear the filter · Del force-release · Ctrl+C copy cell · Alt+1…9, Alt+0 pages · F1 this help · Ctrl+Q quit&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Seiten&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Sperren&lt;/b&gt;: jede aktive Sperre. Fahren Sie über eine Spaltenüberschrift, eine Art oder ein Merkmal, um zu sehen, was es bedeutet. Wählen Sie eine oder mehrere aus und drücken Sie Entf, um sie zwangsweise freizugeben: Jede wird nur freigegeben, wenn sie noch genau so ist, wie Sie sie gesehen haben, und protokolliert.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Leases&lt;/b&gt;: verbleibende Lease-Zeit über die Zeit. &lt;b&gt;Bestand&lt;/b&gt;: Bestand je Speicher. &lt;b&gt;Demo&lt;/b&gt; und &lt;b&gt;Kaufen&lt;/b&gt;: Überverkauf mit und ohne Sperre. &lt;b&gt;Prüfprotokoll&lt;/b&gt;: jeder Versuch einer Zwangsfreigabe. &lt;b&gt;Sitzungen&lt;/b&gt;: jeder PostgreSQL-Backend-Prozess, wer wen blockiert. &lt;b&gt;Zeitachse&lt;/b&gt; und &lt;b&gt;Statistik&lt;/b&gt;: die aufgezeichnete Geschichte der Haltezeiten, Wartezeiten und Ausfälle. &lt;b&gt;Alarme&lt;/b&gt;: was die Alarmregeln gefunden haben.&lt;/p&gt;&lt;p&gt;Ein rotes Banner bedeutet, dass ein Server nicht erreichbar ist: Seine Zeilen sind der zuletzt bekannte Stand, ausgegraut mit ihrem Alter.&lt;/p&gt;&lt;h3&gt;Tasten&lt;/h3&gt;&lt;p&gt;F5 aktualisieren · Strg+F filtern · Esc Filter löschen · Entf zwangsweise freigeben · Strg+C Zelle kopieren · Alt+1…9, Alt+0 Seiten · F1 diese Hilfe · Strg+Q beenden&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>lockscope::ReleasePlanDialog</name>
    <message numerus="yes">
        <source>Force-release %n lock(s)</source>
        <translation>
            <numerusform>%n Sperre zwangsweise freigeben</numerusform>
            <numerusform>%n Sperren zwangsweise freigeben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>These %n lock(s) will be released one by one, each only if it is still exactly as you saw it. Every attempt is written to the audit log with its own outcome.</source>
        <translation>
            <numerusform>Diese Sperre wird nur freigegeben, wenn sie noch genau so ist, wie Sie sie gesehen haben. Der Versuch wird mit seinem Ergebnis ins Prüfprotokoll geschrieben.</numerusform>
            <numerusform>Diese %n Sperren werden eine nach der anderen freigegeben, jede nur, wenn sie noch genau so ist, wie Sie sie gesehen haben. Jeder Versuch wird mit seinem eigenen Ergebnis ins Prüfprotokoll geschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>What will be done</source>
        <translation>Was getan wird</translation>
    </message>
    <message>
        <source>Why are these locks being released? (required)</source>
        <translation>Warum werden diese Sperren freigegeben? (Pflichtfeld)</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>PostgreSQL: only cancel the running query (pg_cancel_backend)</source>
        <translation>PostgreSQL: nur die laufende Abfrage abbrechen (pg_cancel_backend)</translation>
    </message>
    <message numerus="yes">
        <source>Release %n lock(s)</source>
        <translation>
            <numerusform>%n Sperre freigeben</numerusform>
            <numerusform>%n Sperren freigeben</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>lockscope::SandboxWatchBar</name>
    <message>
        <source>The sandbox restarted on new ports.</source>
        <translation>Die Sandbox wurde auf neuen Ports neu gestartet.</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Neu verbinden</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>lockscope::SequenceDiagramBuilder</name>
    <message>
        <source>%1 lock</source>
        <translation>%1-Sperre</translation>
    </message>
    <message>
        <source>%1 stock</source>
        <translation>%1-Bestand</translation>
    </message>
    <message>
        <source>%1 payments</source>
        <translation>%1-Zahlungen</translation>
    </message>
    <message>
        <source>%1 cart</source>
        <translation>%1-Warenkorb</translation>
    </message>
    <message>
        <source>Buyer %1</source>
        <translation>Käufer %1</translation>
    </message>
    <message>
        <source>Worker %1</source>
        <translation>Worker %1</translation>
    </message>
    <message>
        <source>Tab %1</source>
        <translation>Tab %1</translation>
    </message>
</context>
<context>
    <name>lockscope::SequenceDiagramWidget</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>from %1 ms to %2 ms (%3 ms)</source>
        <translation>von %1 ms bis %2 ms (%3 ms)</translation>
    </message>
    <message>
        <source>at %1 ms</source>
        <translation>bei %1 ms</translation>
    </message>
    <message>
        <source>token %1</source>
        <translation>Token %1</translation>
    </message>
    <message>
        <source>the store had seen token %1</source>
        <translation>der Speicher hatte Token %1 gesehen</translation>
    </message>
    <message>
        <source>lease deadline at %1 ms</source>
        <translation>Lease läuft bei %1 ms ab</translation>
    </message>
</context>
<context>
    <name>lockscope::SessionActionDialog</name>
    <message>
        <source>Terminate PostgreSQL session</source>
        <translation>PostgreSQL-Sitzung beenden</translation>
    </message>
    <message>
        <source>PostgreSQL session &lt;b&gt;%1&lt;/b&gt;, &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>PostgreSQL-Sitzung &lt;b&gt;%1&lt;/b&gt;, &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>If the pid now belongs to another session (it ended and the number was reused), or to cancel, the session runs another query, nothing is done. Afterwards the session is observed again and you are told what is true. Every attempt is written to the audit log.</source>
        <translation>Gehört die PID inzwischen einer anderen Sitzung (sie endete und die Nummer wurde wiederverwendet) oder führt die Sitzung beim Abbrechen eine andere Abfrage aus, wird nichts getan. Danach wird die Sitzung erneut beobachtet und Sie erfahren, was jetzt gilt. Jeder Versuch wird ins Prüfprotokoll geschrieben.</translation>
    </message>
    <message>
        <source>Why is this session being ended? (required)</source>
        <translation>Warum wird diese Sitzung beendet? (Pflichtfeld)</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Only cancel the running query (pg_cancel_backend)</source>
        <translation>Nur die laufende Abfrage abbrechen (pg_cancel_backend)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Terminate</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Will %1.</source>
        <translation>Geplant: %1.</translation>
    </message>
    <message>
        <source>Cancel query</source>
        <translation>Abfrage abbrechen</translation>
    </message>
    <message>
        <source>Cancel the query of a PostgreSQL session</source>
        <translation>Abfrage einer PostgreSQL-Sitzung abbrechen</translation>
    </message>
    <message>
        <source>Why is this query being cancelled? (required)</source>
        <translation>Warum wird diese Abfrage abgebrochen? (Pflichtfeld)</translation>
    </message>
</context>
<context>
    <name>lockscope::SessionModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1m%2s</source>
        <translation>%1m%2s</translation>
    </message>
    <message>
        <source>%1h%2m</source>
        <translation>%1h%2m</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Waiting for</source>
        <translation>Wartet auf</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>In state</source>
        <translation>Im Zustand</translation>
    </message>
    <message>
        <source>Blocked by</source>
        <translation>Blockiert von</translation>
    </message>
    <message>
        <source>Blocking</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Query text</source>
        <translation>Abfragetext</translation>
    </message>
    <message>
        <source>How long the current (or last) query has run</source>
        <translation>Wie lange die aktuelle (oder letzte) Abfrage schon läuft</translation>
    </message>
    <message>
        <source>How long the open transaction has lasted</source>
        <translation>Wie lange die offene Transaktion schon dauert</translation>
    </message>
    <message>
        <source>How long the session has been in its state</source>
        <translation>Wie lange die Sitzung schon in ihrem Zustand ist</translation>
    </message>
    <message>
        <source>The sessions this one waits for (pg_blocking_pids)</source>
        <translation>Die Sitzungen, auf die diese wartet (pg_blocking_pids)</translation>
    </message>
    <message>
        <source>The sessions that wait for this one</source>
        <translation>Die Sitzungen, die auf diese warten</translation>
    </message>
    <message>
        <source>Xact</source>
        <translation>Transakt.</translation>
    </message>
</context>
<context>
    <name>lockscope::SessionsPage</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Terminate…</source>
        <translation>Beenden…</translation>
    </message>
    <message>
        <source>End the selected session (pg_terminate_backend), audited</source>
        <translation>Die gewählte Sitzung beenden (pg_terminate_backend), protokolliert</translation>
    </message>
    <message>
        <source>Cancel query…</source>
        <translation>Abfrage abbrechen…</translation>
    </message>
    <message>
        <source>Cancel the selected session&apos;s running query (pg_cancel_backend), audited</source>
        <translation>Die laufende Abfrage der gewählten Sitzung abbrechen (pg_cancel_backend), protokolliert</translation>
    </message>
    <message>
        <source>Filter (pid, user, application, state, query…)</source>
        <translation>Filter (PID, Benutzer, Anwendung, Zustand, Abfrage…)</translation>
    </message>
    <message>
        <source>Only blocking chains</source>
        <translation>Nur Blockierketten</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n Sitzung</numerusform>
            <numerusform>%n Sitzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting on a lock</source>
        <translation>
            <numerusform>%n wartet auf eine Sperre</numerusform>
            <numerusform>%n warten auf eine Sperre</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n blocking</source>
        <translation>
            <numerusform>%n blockiert</numerusform>
            <numerusform>%n blockieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n idle in transaction</source>
        <translation>
            <numerusform>%n untätig in Transaktion</numerusform>
            <numerusform>%n untätig in Transaktion</numerusform>
        </translation>
    </message>
    <message>
        <source>read in %1 ms</source>
        <translation>gelesen in %1 ms</translation>
    </message>
    <message>
        <source>PostgreSQL sessions could not be read (rows are the last known): %1</source>
        <translation>PostgreSQL-Sitzungen konnten nicht gelesen werden (die Zeilen sind der letzte bekannte Stand): %1</translation>
    </message>
    <message>
        <source>Read-only mode: sessions cannot be terminated or cancelled</source>
        <translation>Nur-Lese-Modus: Sitzungen können nicht beendet oder abgebrochen werden</translation>
    </message>
    <message>
        <source>Select a session to see its whole query and who blocks whom.</source>
        <translation>Wählen Sie eine Sitzung, um ihre ganze Abfrage und die Blockierungen zu sehen.</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>waiting for</source>
        <translation>wartet auf</translation>
    </message>
    <message>
        <source>Blocked by:</source>
        <translation>Blockiert von:</translation>
    </message>
    <message>
        <source>Blocking:</source>
        <translation>Blockiert:</translation>
    </message>
    <message>
        <source>Query:</source>
        <translation>Abfrage:</translation>
    </message>
    <message>
        <source>Cancelling the query of %1…</source>
        <translation>Breche die Abfrage von %1 ab…</translation>
    </message>
    <message>
        <source>Terminating %1…</source>
        <translation>Beende %1…</translation>
    </message>
    <message>
        <source>The session is idle in a transaction: no query runs, so there is nothing to cancel. Terminate ends the session, which rolls its transaction back and frees its locks.</source>
        <translation>Die Sitzung ist untätig in einer Transaktion: Es läuft keine Abfrage, also gibt es nichts abzubrechen. „Beenden“ beendet die Sitzung, rollt ihre Transaktion zurück und gibt ihre Sperren frei.</translation>
    </message>
    <message>
        <source>The session is idle: no query runs, so there is nothing to cancel.</source>
        <translation>Die Sitzung ist untätig: Es läuft keine Abfrage, also gibt es nichts abzubrechen.</translation>
    </message>
    <message>
        <source>Session pid %1 (started %2) has ended.</source>
        <translation>Sitzung PID %1 (gestartet %2) ist beendet.</translation>
    </message>
    <message>
        <source>Nothing is selected: select a session to see its details or act on it.</source>
        <translation>Nichts ist ausgewählt: Wählen Sie eine Sitzung, um ihre Details zu sehen oder auf sie einzuwirken.</translation>
    </message>
</context>
<context>
    <name>lockscope::StaleRulesDialog</name>
    <message>
        <source>Stale rules</source>
        <translation>Veraltungsregeln</translation>
    </message>
    <message>
        <source>A lock the monitor calls &lt;b&gt;stale&lt;/b&gt; should not be there any more: it is tinted red and is a candidate for a force-release. A holder that is merely busy is never stale. Saved for this user; the monitor restarts with these rules.</source>
        <translation>Eine Sperre, die der Monitor &lt;b&gt;veraltet&lt;/b&gt; nennt, sollte nicht mehr bestehen: sie ist rot getönt und ein Kandidat für eine zwangsweise Freigabe. Ein Inhaber, der nur beschäftigt ist, ist nie veraltet. Gespeichert für diesen Benutzer; der Monitor startet mit diesen Regeln neu.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>PostgreSQL: idle in transaction longer than</source>
        <translation>PostgreSQL: untätig in Transaktion länger als</translation>
    </message>
    <message>
        <source>pg-row, pg-advisory, pg-relation: a holder idle in an open transaction for longer than this is stale, but only when it blocks someone or the lock is not LockScope&apos;s own (a purchase holding its lock is idle in transaction by design). Default 300 s.</source>
        <translation>pg-row, pg-advisory, pg-relation: ein Inhaber, der länger als dies untätig in einer offenen Transaktion ist, ist veraltet, aber nur, wenn er jemanden blockiert oder die Sperre nicht LockScope gehört (ein Kauf, der seine Sperre hält, ist absichtlich untätig in Transaktion). Standard 300 s.</translation>
    </message>
    <message>
        <source>Redis: a lock key without a TTL</source>
        <translation>Redis: ein Sperrschlüssel ohne TTL</translation>
    </message>
    <message>
        <source>redis-key, redisson: a lock key with no expiry never goes away by itself if its holder dies. Default on.</source>
        <translation>redis-key, redisson: ein Sperrschlüssel ohne Ablauf verschwindet nie von selbst, wenn sein Inhaber stirbt. Standard: an.</translation>
    </message>
    <message>
        <source>ZooKeeper: a persistent lock node</source>
        <translation>ZooKeeper: ein persistenter Sperrknoten</translation>
    </message>
    <message>
        <source>zk-recipe: a lock node that is not ephemeral survives its holder&apos;s session. Default on.</source>
        <translation>zk-recipe: ein nicht-ephemerer Sperrknoten überlebt die Sitzung seines Inhabers. Standard: an.</translation>
    </message>
    <message>
        <source>Lease: expired, not released, for longer than</source>
        <translation>Lease: abgelaufen, nicht freigegeben, länger als</translation>
    </message>
    <message>
        <source>lease: a lease past its expiry that nobody took over or released. Default 5 s.</source>
        <translation>lease: eine abgelaufene Lease, die niemand übernommen oder freigegeben hat. Standard 5 s.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>Standardwerte</translation>
    </message>
</context>
<context>
    <name>lockscope::StatisticsPage</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Acquired</source>
        <translation>Erworben</translation>
    </message>
    <message>
        <source>Hold p50</source>
        <translation>Halten p50</translation>
    </message>
    <message>
        <source>Hold p95</source>
        <translation>Halten p95</translation>
    </message>
    <message>
        <source>Hold max</source>
        <translation>Halten max</translation>
    </message>
    <message>
        <source>Wait p50</source>
        <translation>Warten p50</translation>
    </message>
    <message>
        <source>Wait p95</source>
        <translation>Warten p95</translation>
    </message>
    <message>
        <source>Wait max</source>
        <translation>Warten max</translation>
    </message>
    <message>
        <source>Contended</source>
        <translation>Umkämpft</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Forced</source>
        <translation>Erzwungen</translation>
    </message>
    <message>
        <source>Died</source>
        <translation>Gestorben</translation>
    </message>
    <message>
        <source>Held now</source>
        <translation>Jetzt gehalten</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Halter</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Gehalten</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>How it ended</source>
        <translation>Wie es endete</translation>
    </message>
    <message>
        <source>Hottest (most acquisitions)</source>
        <translation>Am häufigsten (meiste Erwerbe)</translation>
    </message>
    <message>
        <source>Longest held</source>
        <translation>Am längsten gehalten</translation>
    </message>
    <message>
        <source>Per resource</source>
        <translation>Pro Ressource</translation>
    </message>
    <message>
        <source>still held</source>
        <translation>noch gehalten</translation>
    </message>
    <message>
        <source>%1 acquisitions on %2 resources</source>
        <translation>%1 Erwerbe auf %2 Ressourcen</translation>
    </message>
</context>
<context>
    <name>lockscope::StockPage</name>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Run a demo to watch the stock fall (or go below zero).</source>
        <translation>Starten Sie eine Demo, um den Bestand fallen (oder unter null gehen) zu sehen.</translation>
    </message>
    <message>
        <source>stock left</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Stock left during the demo (%1)</source>
        <translation>Restbestand während der Demo (%1)</translation>
    </message>
    <message>
        <source>Last known, read at %1: the store is down, the stock may have changed.</source>
        <translation>Zuletzt bekannt, gelesen um %1: der Speicher ist nicht erreichbar, der Bestand kann sich geändert haben.</translation>
    </message>
    <message>
        <source>Below zero: more was sold than there was.</source>
        <translation>Unter null: es wurde mehr verkauft als vorhanden war.</translation>
    </message>
</context>
<context>
    <name>lockscope::TimelinePage</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>still held</source>
        <translation>noch gehalten</translation>
    </message>
    <message>
        <source>released</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>expired (lease ran out)</source>
        <translation>abgelaufen (Lease zu Ende)</translation>
    </message>
    <message>
        <source>force-released by an operator</source>
        <translation>von einem Operator zwangsfreigegeben</translation>
    </message>
    <message>
        <source>holder died</source>
        <translation>Halter gestorben</translation>
    </message>
    <message>
        <source>unobserved (server or console down)</source>
        <translation>unbeobachtet (Server oder Konsole nicht erreichbar)</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Keep the right edge at now. Dragging the chart stops following.</source>
        <translation>Rechter Rand bleibt bei jetzt. Ziehen am Diagramm beendet das Mitlaufen.</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show the span of the holds loaded, and the longest of them</source>
        <translation>Die Spanne der geladenen Sperren zeigen, und die längste davon</translation>
    </message>
    <message>
        <source>History settings…</source>
        <translation>Verlaufseinstellungen…</translation>
    </message>
    <message>
        <source>Where the history is recorded and how long it is kept</source>
        <translation>Wo der Verlauf aufgezeichnet wird und wie lange er bleibt</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · click a bar: details</source>
        <translation>Rad: Zoom · Ziehen: Verschieben · Klick auf einen Balken: Details</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>&lt;i&gt;Click a bar to see that hold.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Auf einen Balken klicken, um diese Sperre zu sehen.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1 holds, %2 waits, %3 resources%4</source>
        <translation>%1 Sperren, %2 Wartende, %3 Ressourcen%4</translation>
    </message>
    <message>
        <source> (the newest only: zoom in for all)</source>
        <translation> (nur die neuesten: für alle hineinzoomen)</translation>
    </message>
    <message>
        <source>Recording to %1</source>
        <translation>Aufzeichnung in %1</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Halter</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Gehalten</translation>
    </message>
    <message>
        <source>How it ended</source>
        <translation>Wie es endete</translation>
    </message>
    <message>
        <source>Max waiters</source>
        <translation>Max. Wartende</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>Lease</translation>
    </message>
    <message>
        <source>Key / node</source>
        <translation>Schlüssel / Knoten</translation>
    </message>
    <message>
        <source>Taken by</source>
        <translation>Genommen von</translation>
    </message>
    <message>
        <source>another program</source>
        <translation>einem anderen Programm</translation>
    </message>
</context>
<context>
    <name>lockscope::TimelineWidget</name>
    <message>
        <source>%1 down</source>
        <translation>%1 nicht erreichbar</translation>
    </message>
    <message>
        <source>No holds recorded in this window yet.</source>
        <translation>In diesem Zeitraum noch keine Sperren aufgezeichnet.</translation>
    </message>
</context>
<context>
    <name>lockscope::TransportLabel</name>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>ZooKeeper</source>
        <translation>ZooKeeper</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>Redlock</source>
        <translation>Redlock</translation>
    </message>
    <message>
        <source>TLS verification OFF: %1</source>
        <translation>TLS-Prüfung AUS: %1</translation>
    </message>
    <message>
        <source>These connections are encrypted but do not check whom they talk to: a man in the middle would not be noticed. Give the server&apos;s CA (ssl_ca, sslrootcert) instead of turning verification off.</source>
        <translation>Diese Verbindungen sind verschlüsselt, prüfen aber nicht, mit wem sie sprechen: ein Angreifer dazwischen fiele nicht auf. Geben Sie die CA des Servers an (ssl_ca, sslrootcert), statt die Prüfung abzuschalten.</translation>
    </message>
    <message>
        <source>TLS: %1</source>
        <translation>TLS: %1</translation>
    </message>
    <message>
        <source>Encrypted, each server&apos;s certificate and name verified.</source>
        <translation>Verschlüsselt; Zertifikat und Name jedes Servers geprüft.</translation>
    </message>
    <message>
        <source>via ssh %1</source>
        <translation>über ssh %1</translation>
    </message>
    <message>
        <source>Every connection goes through the SSH host %1; its host key is checked against known_hosts.</source>
        <translation>Jede Verbindung läuft über den SSH-Host %1; sein Host-Schlüssel wird gegen known_hosts geprüft.</translation>
    </message>
</context>
</TS>

#!/usr/bin/env python3
"""Writes the seed corpus under fuzz/corpus/: a few small, valid inputs per target, from
which the fuzzer mutates. Run from the repository root after a change to an input format;
protobuf seeds are encoded with protoc from the text form below."""
import hashlib
import os
import struct
import subprocess

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def encode(message, text):
    return subprocess.run(
        ["protoc", "-Iproto", "--encode=souk.v1." + message, "proto/souk/v1/chat.proto",
         "proto/souk/v1/contacts.proto", "proto/souk/v1/groups.proto",
         "proto/souk/v1/translation.proto", "proto/souk/v1/auth.proto"],
        input=text.encode(), capture_output=True, check=True).stdout


# FuzzedDataProvider takes integers from the end of the input, last byte first.
def tail(*values):
    return bytes(reversed(values))


# Request validation: text fields, then integers (kind, max chars, max bytes, attachment).
def validation():
    for i, (a, b, c) in enumerate([
            ("Anna Kowalska", "buyer.anna", "Do you have this dress in M?"),
            ("Zhang Min \u5f20\u654f", "image/png", "report\u202efdp.exe"),
            ("../../etc/passwd", "c-0001", "a\u0085b\x7f c"),
            ("x" * 300 + ".pdf", "Seller.LI", "\ud83d\ude00 photo.JPG  "),
    ]):
        body = (a.encode("utf-8", "surrogatepass") + b"\\\n" + b.encode() + b"\\\n" +
                c.encode("utf-8", "surrogatepass"))
        put("fuzz_validation", f"seed{i}", body + tail(i % 4, 60, 0, 16, i % 2))
    put("fuzz_validation", "bad-utf8", b"\xc0\xaf\xed\xa0\x80\\\n\xf4\x90\x80\x80\\\n\xe0\x80" +
        tail(1, 10, 1, 0, 0))


def soukd_config():
    put("fuzz_soukd_config", "empty", "")
    put("fuzz_soukd_config", "typical", 'listen = "127.0.0.1:50051"\ndata_dir = "var"\n'
        'log_level = "info"\nsqlite_synchronous = "normal"\nmax_message_bytes = 65536\n'
        'allow_insecure = false\nfile_chunk_bytes = 262144\n')
    put("fuzz_soukd_config", "http-engine", 'translate_engine = "http"\n'
        'translate_http_url = "http://127.0.0.1:2737"\ntranslate_http_flavor = "apy"\n'
        'translate_timeout_ms = 5000\npassword_hash_cost = "minimal"\n')
    put("fuzz_soukd_config", "flags", '--listen 0.0.0.0:50051 --allow-insecure --worker-threads 3\n'
        'reader_connections = 2\n')
    put("fuzz_soukd_config", "bad", 'listen = 5\n[table]\nkey = 1.5\nsession_ttl_seconds = -1\n')


# Translation output: the body, then max_bytes (2 bytes) and the part to try (1 byte).
def translation_output():
    t = "fuzz_translation_output"
    put(t, "libretranslate", b'{"translatedText": "Do you have it in M?"}' + tail(0, 0, 0))
    put(t, "apy", b'{"responseData": {"translatedText": "\\u00bfLo tiene en M?"}, '
        b'"responseStatus": 200}' + tail(0, 0, 0))
    put(t, "languages", b'[{"code": "en", "name": "English", "targets": ["es", "zh"]}, '
        b'{"code": "es", "targets": ["en"]}]' + tail(0, 0, 0))
    put(t, "pairs", b'{"responseData": [{"sourceLanguage": "eng", "targetLanguage": "spa"}, '
        b'{"sourceLanguage": "spa", "targetLanguage": "eng_US"}]}' + tail(0, 0, 0))
    put(t, "error", b'{"error": "Invalid request"}' + tail(0, 0, 0))
    put(t, "stream", b"^Hola/Hello$ [<b>]\\/\\$\\^ world\x00 $\n" + tail(1, 0, 0))
    put(t, "mode", b"lt-proc '/usr/share/apertium/eng-spa.automorf.bin' | apertium-tagger -g $2 "
        b"'/usr/share/apertium/eng-spa.prob' | lt-proc $1 -g '/x.bin'" + tail(1, 0, 0))
    text = ("Do you have this dress in M? We need 200 pieces. " * 3 + "\n\n" +
            "\u6211\u4eec\u9700\u8981\u4e24\u767e\u4ef6\u3002\u4ef7\u683c\u662f\u591a\u5c11\uff1f" * 4)
    put(t, "split", text.encode() + tail(2, 40, 0))


def upload_chunks():
    t = "fuzz_upload_chunks"
    # The file's bytes, name and mime type as random-length strings, then integers.
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x08\x08\x02"
           b"\x00\x00\x00")
    for i, (content, name) in enumerate([(b"hello, seller", b"note.txt"), (png, b"photo.png"),
                                         (bytes(range(256)) * 8, b"price list.pdf")]):
        esc = content.replace(b"\\", b"\\\\")
        put(t, f"seed{i}", esc + b"\\\n" + name + b"\\\n" +
            tail(1, 1, 0, 1, 0, 0, 1, 0, 0, 2, 0, 0, 0x10, 0x00, 0, 0x08, 0x00, 2))


def store_events():
    t = "fuzz_store_events"

    def record(kind, payload):
        return bytes([kind]) + struct.pack("<H", len(payload)) + payload

    msg = ('events { seq: 5 server_time_ms: 1700000000000 message { id: 11 conversation_id: 3 '
           'seq: 1 sender: "seller.li" client_msg_id: "c1" text: "Hello Anna" '
           'server_time_ms: 1700000000000 } } '
           'events { seq: 6 message { id: 12 conversation_id: 3 seq: 2 sender: "buyer.anna" '
           'client_msg_id: "c2" text: "Do you have it in M?" } } '
           'events { seq: 7 receipt { kind: KIND_READ conversation_id: 3 member_id: "seller.li" '
           'up_to_seq: 2 } } '
           'events { seq: 0 typing { conversation_id: 3 member_id: "seller.li" typing: true } } '
           'events { seq: 8 message_translated { message_id: 11 conversation_id: 3 message_seq: 1 '
           'target_lang: "es" state: TRANSLATION_STATE_DONE text: "Hola Anna" } }')
    group = ('events { seq: 9 message { id: 20 conversation_id: 4 seq: 1 sender: "seller.li" '
             'text: "created" system { kind: KIND_CREATED name: "Tea fair" } } } '
             'events { seq: 10 message { id: 21 conversation_id: 4 seq: 2 sender: "seller.li" '
             'system { kind: KIND_MEMBER_ADDED member_id: "buyer.anna" } } }')
    conv = ('conversations { id: 3 kind: KIND_DIRECT peer_member_id: "seller.li" '
            'peer_display_name: "Li Wei" unread_count: 1 last_seq: 2 last_message { id: 12 '
            'conversation_id: 3 seq: 2 sender: "buyer.anna" client_msg_id: "c2" text: "M?" } } '
            'conversations { id: 4 kind: KIND_GROUP unread_count: 0 last_seq: 2 }')
    pending = 'conversation_id: 3 sender: "seller.li" client_msg_id: "c3" text: "later"'
    put(t, "batch", record(0, encode("SubscribeResponse", msg)))
    put(t, "outbox-then-batch", record(10, encode("Message", 'sender: "seller.li" client_msg_id: "c2" '
                                                   'text: "Do you have it in M?"')) +
        record(0, encode("SubscribeResponse", msg)))
    put(t, "group", record(6, encode("GroupChat", 'conversation_id: 4 name: "Tea fair" '
                                     'owner_member_id: "seller.li" member_count: 2')) +
        record(0, encode("SubscribeResponse", group)) + record(11, encode("Message", "conversation_id: 4")))
    put(t, "conversations", record(2, encode("ListConversationsResponse", conv)) +
        record(1, encode("GetHistoryResponse", 'conversation_id: 3 messages { id: 11 '
                         'conversation_id: 3 seq: 1 sender: "seller.li" text: "Hello" }')) +
        record(10, encode("Message", pending)))


def local_cache_upgrade():
    t = "fuzz_local_cache_upgrade"
    v1 = """CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE messages (conversation_id INTEGER NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL,
  PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
CREATE TABLE marks (conversation_id INTEGER PRIMARY KEY, delivered_seq INTEGER NOT NULL DEFAULT 0,
  read_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE outbox (position INTEGER PRIMARY KEY AUTOINCREMENT, client_msg_id TEXT NOT NULL UNIQUE,
  chat TEXT NOT NULL, text BLOB NOT NULL, context BLOB, created_ms INTEGER NOT NULL,
  failed TEXT NOT NULL DEFAULT '');
INSERT INTO meta VALUES ('last_seq', '42');
INSERT INTO settings VALUES ('translation.language', 'en');
INSERT INTO messages VALUES (1, 3, x'080110011803220973656c6c65722e6c69');
INSERT INTO marks VALUES (1, 3, 2);
INSERT INTO outbox (client_msg_id, chat, text, created_ms) VALUES ('c-9', 'seller.li', 'hi', 5);
PRAGMA user_version = 1;
"""
    put(t, "version1", v1)
    put(t, "version2", v1.replace("failed TEXT NOT NULL DEFAULT '');",
                                  "failed TEXT NOT NULL DEFAULT '', attachments BLOB);")
        .replace("user_version = 1", "user_version = 2"))
    put(t, "empty", "")
    put(t, "version1-without-outbox", "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);\n"
        "PRAGMA user_version = 1;\n")
    put(t, "odd-cursor", "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;\n"
        "INSERT INTO meta VALUES ('last_seq', x'00ff');\nPRAGMA user_version = 2;\n")


if __name__ == "__main__":
    validation()
    soukd_config()
    translation_output()
    upload_chunks()
    store_events()
    local_cache_upgrade()

//! `dealerdesk import` (SPEC section 5, issue 6) on both databases: every
//! bad row listed with its line and reason and nothing imported; a dry run
//! imports nothing; a good file all at once, from CSV or XLSX.

mod common;

use common::*;
use dealerdesk_testkit::{TestBackend, TestDb};

async fn count(db: &TestDb, sql: &str) -> i64 {
    let mut c = db.store.read().await.expect("conn");
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&mut *c)
        .await
        .expect("count")
}

fn write(name: &str, body: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dd-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write");
    p
}

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).expect("cell");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

async fn import(backend: TestBackend) {
    let db = TestDb::empty(backend).await;
    assert!(run(&db, &["migrate"]).status.success());
    let o = run(&db, &["factory", "add", "--code", "KH", "--name", "Харків"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(
        &db,
        &[
            "user",
            "add",
            "--email",
            "m@plant.test",
            "--role",
            "manager",
            "--factory",
            "KH",
            "--password",
            "long-password",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let tag = format!("{backend:?}");

    // Dealers: two bad rows of four; each listed; nothing imported.
    let bad = write(
        &format!("dealers-bad-{tag}.csv"),
        "code,name,city,manager_email,active\n\
        D-1,ТОВ «Вікна Поділля»,Вінниця,m@plant.test,1\n\
        D 2,ТОВ «Двері»,Київ,,1\n\
        D-3,ФОП Петренко,Львів,not-an-email,1\n\
        D-4,ТОВ «Ролети»,Одеса,,maybe\n"
            .as_bytes(),
    );
    let o = run(&db, &["import", "dealers", bad.to_str().expect("path")]);
    assert!(!o.status.success());
    let out = text(&o);
    assert!(out.contains("line 3: code:"), "{out}");
    assert!(out.contains("line 4: manager_email:"), "{out}");
    assert!(out.contains("line 5: active: must be 1 or 0"), "{out}");
    assert!(!out.contains("line 2:"), "{out}");
    assert!(
        out.contains("3 of 4 rows are bad; nothing was imported"),
        "{out}"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dealers").await, 0);

    // A dry run of a good file: every row good, still nothing imported.
    let good = write(
        &format!("dealers-{tag}.csv"),
        "code;name;city;manager_email\n\
        D-1;ТОВ «Вікна Поділля»;Вінниця;m@plant.test\n\
        D-2;\"ТОВ «Двері; Вікна»\";Київ;\n"
            .as_bytes(),
    );
    let o = run(
        &db,
        &[
            "import",
            "dealers",
            good.to_str().expect("path"),
            "--dry-run",
        ],
    );
    assert!(!o.status.success(), "a dry run exits non-zero");
    assert!(
        text(&o).contains("dry run: all 2 rows are good; nothing was imported"),
        "{}",
        text(&o)
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dealers").await, 0);
    let o = run(&db, &["import", "dealers", good.to_str().expect("path")]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("imported 2 dealers"), "{}", text(&o));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dealers d JOIN users u ON u.id = d.manager_id WHERE d.code = 'D-1' AND u.email = 'm@plant.test'").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dealers WHERE name = 'ТОВ «Двері; Вікна»' AND search_key LIKE '%двері%'").await, 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM dealer_stats").await,
        2,
        "each dealer has its read model row"
    );

    // Contacts from XLSX: a dealer that does not exist is a bad row.
    let contacts = write(
        &format!("contacts-{tag}.xlsx"),
        &xlsx(&[
            &["dealer_code", "name", "position", "phone", "email"],
            &[
                "D-1",
                "Олена Коваль",
                "Директор",
                "+380501234567",
                "olena@d1.test",
            ],
            &["D-9", "Ігор", "", "0671112233", ""],
        ]),
    );
    let o = run(
        &db,
        &["import", "contacts", contacts.to_str().expect("path")],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("line 3: dealer_code: D-9 is not a dealer of factory KH"),
        "{}",
        text(&o)
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dealer_contacts").await, 0);
    let contacts = write(
        &format!("contacts-ok-{tag}.xlsx"),
        &xlsx(&[
            &["dealer_code", "name", "position", "phone", "email"],
            &[
                "D-1",
                "Олена Коваль",
                "Директор",
                "+380501234567",
                "olena@d1.test",
            ],
            &["D-2", "Ігор", "", "0671112233", ""],
        ]),
    );
    let o = run(
        &db,
        &["import", "contacts", contacts.to_str().expect("path")],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dealer_contacts").await, 2);

    // Leads: the columns are checked by name first.
    let wrong = write(&format!("leads-wrong-{tag}.csv"), b"company,fax\nX,1\n");
    let o = run(&db, &["import", "leads", wrong.to_str().expect("path")]);
    assert!(!o.status.success());
    assert!(text(&o).contains("unknown columns: fax"), "{}", text(&o));
    let leads = write(
        &format!("leads-{tag}.csv"),
        "company,contact_name,phone,email,city,region,source,note\n\
        ТОВ «Нові вікна»,Марія,0501112233,,Полтава,Полтавська область,,З виставки\n\
        ФОП Іваненко,,,ivanenko@example.com,,,website,\n"
            .as_bytes(),
    );
    let o = run(&db, &["import", "leads", leads.to_str().expect("path")]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM leads WHERE source = 'import'").await,
        1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM leads WHERE source = 'website'").await,
        1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM lead_moves m JOIN leads l ON l.id = m.lead_id WHERE m.to_stage = 'lead' AND l.stage = 'lead'").await,
        2,
        "each imported lead has its first move, for conversion"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dealer_contacts WHERE name = 'Олена Коваль' AND phone = '+380501234567' AND email = 'olena@d1.test' AND position = 'Директор'").await, 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"
        )
        .await,
        3
    );

    let o = run(&db, &["import", "orders", leads.to_str().expect("path")]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("import dealers, contacts or leads"),
        "{}",
        text(&o)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_sqlite() {
    import(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_postgres() {
    import(TestBackend::Postgres).await;
}

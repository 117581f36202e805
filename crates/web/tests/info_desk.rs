//! The content manager's information pages (issue 6) on both databases: a
//! reference page written as a draft (nobody reads it), files attached
//! (a bad one refuses the whole upload), published (the factory's dealers
//! read it and download its files, another factory's do not), edited,
//! withdrawn.

mod common;

use common::*;
use dealerdesk_testkit::fixtures::{PNG, who};
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    s: &Session,
    path: &str,
    files: &[(&str, &[u8])],
) -> (StatusCode, String) {
    let mut form = reqwest::multipart::Form::new();
    for (name, bytes) in files {
        form = form.part(
            "files",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name((*name).to_owned()),
        );
    }
    let r = app
        .http
        .post(app.url(&format!("{path}?_csrf={}", s.csrf)))
        .header("cookie", cookie(s))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let status = r.status();
    let to = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        if to.is_empty() {
            r.text().await.unwrap_or_default()
        } else {
            to
        },
    )
}

async fn bytes(app: &TestApp, s: &Session, path: &str) -> (StatusCode, Vec<u8>) {
    let r = app
        .http
        .get(app.url(path))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get");
    (r.status(), r.bytes().await.expect("body").to_vec())
}

both_backends_app! {
    async fn a_reference_page_with_files_from_draft_to_withdrawn(app) {
        dealerdesk_testkit::fixtures::plant(&app.app).await;
        let content = session(&app, who::CONTENT).await;
        let dealer = session(&app, who::DEALER_ADMIN).await;
        let other = session(&app, who::OTHER_FACTORY_DEALER).await;

        let (status, to, _) = form_post(&app, &content, "/staff/info", &[
            ("title", "Прайс-лист 2027"), ("slug", "Price-List-2027"), ("section", "reference"),
            ("topic", "documents"), ("body", "Ціни діють з **1 січня**.\n\n<script>alert(1)</script>"),
        ]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let id: i64 = to
            .trim_start_matches("/staff/info/")
            .split('?')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("redirect to the page: {to}"));
        let page = format!("/staff/info/{id}");
        // A draft: the desk previews it, readers do not see it.
        let (status, html) = page_get(&app, &content, &page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<strong>1 січня</strong>") && !html.contains("<script>alert"), "{html}");
        assert_eq!(page_get(&app, &dealer, "/info/price-list-2027").await.0, StatusCode::NOT_FOUND);

        // A program among the files: nothing is attached.
        let (status, html) = upload(&app, &content, &format!("{page}/files"), &[("prices.pdf", PDF), ("setup.exe", b"MZ\x90\x00\x03 not a document")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("setup.exe"), "the refused file is named: {html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM info_files").await, 0);
        let (status, to) = upload(&app, &content, &format!("{page}/files"), &[("prices.pdf", PDF), ("colours.png", PNG)]).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, format!("{page}?done=attached").as_str()));
        let files: Vec<i64> = {
            let mut c = app.app.store.read().await.expect("conn");
            sqlx::query_scalar("SELECT id FROM info_files ORDER BY id").fetch_all(&mut *c).await.expect("ids")
        };
        assert_eq!(files.len(), 2);

        // Published: KH's dealer reads it and downloads the very bytes.
        let (status, _, _) = form_post(&app, &content, &format!("{page}/publish"), &[("publish", "1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, html) = page_get(&app, &dealer, "/info/price-list-2027").await;
        assert_eq!(status, StatusCode::OK);
        let link = format!("/info/price-list-2027/files/{}", files[0]);
        assert!(html.contains(&link) && html.contains("prices.pdf"), "{html}");
        let (status, got) = bytes(&app, &dealer, &link).await;
        assert_eq!((status, got.as_slice()), (StatusCode::OK, PDF));
        // The directory lists it under its topic.
        let (_, list) = page_get(&app, &dealer, "/info").await;
        assert!(list.contains("/info/price-list-2027"), "{list}");
        // Another factory's dealer: neither the page nor its files.
        assert_eq!(page_get(&app, &other, "/info/price-list-2027").await.0, StatusCode::NOT_FOUND);
        assert_eq!(bytes(&app, &other, &link).await.0, StatusCode::NOT_FOUND);
        // A file is reached only through its own page.
        assert_eq!(bytes(&app, &dealer, &format!("/info/kh-products/files/{}", files[0])).await.0, StatusCode::NOT_FOUND);

        // Edited while published; an address taken by another page is refused.
        let (status, _, _) = form_post(&app, &content, &page, &[
            ("title", "Прайс-лист 2027 (оновлено)"), ("slug", "price-list-2027"), ("section", "reference"), ("body", "Нові ціни."),
        ]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(page_get(&app, &dealer, "/info/price-list-2027").await.1.contains("Нові ціни."));
        let (status, _, html) = form_post(&app, &content, &page, &[
            ("title", "x"), ("slug", "kh-products"), ("section", "reference"), ("body", "y"),
        ]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Цю адресу вже має інша сторінка") || html.contains("Этот адрес уже занят"), "{html}");

        // One file off the page, then the page withdrawn.
        let (status, _, _) = form_post(&app, &content, &format!("{page}/files/{}/remove", files[1]), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(bytes(&app, &dealer, &format!("/info/price-list-2027/files/{}", files[1])).await.0, StatusCode::NOT_FOUND);
        let (status, _, _) = form_post(&app, &content, &format!("{page}/publish"), &[("publish", "0")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(page_get(&app, &dealer, "/info/price-list-2027").await.0, StatusCode::NOT_FOUND);
        assert_eq!(bytes(&app, &dealer, &link).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE object_type = 'info_page' AND object_id = '{id}' AND actor_id IS NOT NULL")).await,
            6,
            "drafted, attached, published, edited, file removed, withdrawn — and the refused edit is not there"
        );
    }
}

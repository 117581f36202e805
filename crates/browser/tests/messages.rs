//! Messages in a real browser (issue 5): a dealer starts a conversation
//! with a photo attached, the plant answers, and the answer appears in the
//! dealer's open thread without a reload (the live stream makes the page
//! fetch the thread again), and the list of conversations marks the thread
//! unread the same way. At a desktop's and a phone's width; every
//! control labelled, nothing scrolling sideways; screenshots land in
//! `target/browser-artifacts/`.

mod common;

use common::*;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dealer_asks_and_the_answer_arrives_live() {
    if !browser_wanted("a_dealer_asks_and_the_answer_arrives_live") {
        return;
    }
    let portal = portal().await;
    portal.app.run_notifications();
    let (email, password) = credentials(&portal);
    let origin = dealerdesk_app::auth::Origin::default();
    let dealer_user = portal
        .app
        .app
        .login(email, password, &origin)
        .await
        .expect("the demo dealer logs in")
        .user;
    let factory = portal
        .app
        .app
        .factory(dealer_user.factory_id.expect("a dealer's factory"))
        .await
        .expect("factory");
    // The head of sales sees every dealer's threads of the factory.
    let head = format!("head@{}.demo", factory.code.to_lowercase());
    let photo = artifacts_dir().join("window.png");
    std::fs::write(&photo, dealerdesk_testkit::fixtures::PNG).expect("write the photo");
    let photo = photo.canonicalize().expect("the photo's path");

    for (width, height) in [(1440, 900), (360, 800)] {
        let b = Browser::open(&portal, (width, height)).await;
        b.log_in(email, password).await;
        b.goto("/messages").await;
        b.c.find(Locator::Css("details.card > summary"))
            .await
            .expect("the new conversation's toggle")
            .click()
            .await
            .expect("open the form");
        let mut problems = Problems::default();
        b.check_labels("messages", &mut problems).await;
        b.check_no_overflow("messages", &mut problems).await;
        problems.assert_none("the messages page");
        let subject = format!("Монтаж на {width}px");
        b.labelled_input("subject")
            .await
            .send_keys(&subject)
            .await
            .expect("type the subject");
        b.labelled_input("body")
            .await
            .send_keys("Чи можна перенести доставку на п'ятницю?")
            .await
            .expect("type the question");
        b.labelled_input("files")
            .await
            .send_keys(photo.to_str().expect("a path"))
            .await
            .expect("attach the photo");
        b.screenshot("message-new").await;
        b.c.find(Locator::Css(
            "form[action^='/messages?'] button[type=submit]",
        ))
        .await
        .expect("send")
        .click()
        .await
        .expect("send it");
        eventually("the thread's page", || async {
            let p = b.path().await;
            p.starts_with("/messages/") && p.len() > "/messages/".len()
        })
        .await;
        let thread = b.path().await;
        assert!(
            b.text("h1").await.contains(&subject),
            "{width}px: the thread"
        );
        // The photo shows, through the thread's own route.
        eventually("the attached photo", || async {
            b.js("const i = document.querySelector('#thread .files img'); return !!(i && i.complete && i.naturalWidth === 1)")
                .await
                .as_bool()
                == Some(true)
        })
        .await;
        let mut problems = Problems::default();
        b.check_labels("thread", &mut problems).await;
        b.check_no_overflow("thread", &mut problems).await;
        problems.assert_none("the thread's page");
        eventually("the live stream's first message", || async {
            b.js("return document.body.getAttribute('data-unread') !== null")
                .await
                .as_bool()
                == Some(true)
        })
        .await;

        assert!(
            b.text("#thread-facts").await.ends_with('—'),
            "{width}px: no answer yet, no response time"
        );
        // The plant answers (over HTTP, as the head's browser would).
        let s = portal
            .app
            .app
            .login(&head, PASSWORD, &origin)
            .await
            .expect("the head of sales logs in");
        let answer = format!("Так, у п'ятницю до 12:00 ({width})");
        let r = portal
            .app
            .http
            .post(portal.app.url(&thread))
            .header("cookie", format!("dd_session={}", s.token))
            .form(&[("_csrf", s.csrf_token.as_str()), ("body", answer.as_str())])
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status().as_u16(), 303, "{width}px: the answer is taken");

        // The answer appears in the open thread without a reload.
        eventually("the answer in the open thread", || async {
            b.text("#thread").await.contains(&answer)
        })
        .await;
        assert_eq!(b.path().await, thread, "{width}px: still the same page");
        // The response time above it now counts the answered question.
        eventually("the response time", || async {
            !b.text("#thread-facts").await.ends_with('—')
        })
        .await;
        b.screenshot("message-answered").await;

        // On the list of conversations, a new answer marks its thread
        // unread without a reload.
        b.goto("/messages").await;
        // This width's thread (the other width's is in the list too).
        let unread = format!(
            "return [...document.querySelectorAll('#threads li')].filter(li => li.textContent.includes('{subject}')).map(li => li.querySelectorAll('.badge').length)[0]"
        );
        let unread = unread.as_str();
        assert_eq!(b.js(unread).await.as_u64(), Some(0), "{width}px: read");
        eventually("the list's live stream", || async {
            b.js("return document.body.getAttribute('data-unread') !== null")
                .await
                .as_bool()
                == Some(true)
        })
        .await;
        let r = portal
            .app
            .http
            .post(portal.app.url(&thread))
            .header("cookie", format!("dd_session={}", s.token))
            .form(&[
                ("_csrf", s.csrf_token.as_str()),
                ("body", "І ще: водій подзвонить."),
            ])
            .send()
            .await
            .expect("second answer");
        assert_eq!(r.status().as_u16(), 303);
        eventually("the unread mark in the list", || async {
            b.js(unread).await.as_u64() == Some(1)
        })
        .await;
        assert_eq!(b.path().await, "/messages", "{width}px: no reload");
        b.screenshot("messages-list-live").await;
        b.close().await;
    }
}

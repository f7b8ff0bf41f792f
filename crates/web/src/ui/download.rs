//! Files generated in the browser and handed to the founder as downloads (a `blob:`
//! URL: nothing is uploaded or fetched), and today's date for file names.

/// Offers `text` as a file named `name` (browser only; a no-op elsewhere).
pub fn save(name: &str, mime: &str, text: &str) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let parts = js_sys::Array::of1(&text.into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
            .map_err(|_| "the browser could not build the file")?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)
            .map_err(|_| "the browser could not offer the file")?;
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let a: web_sys::HtmlAnchorElement = document
            .create_element("a")
            .map_err(|_| "no anchor")?
            .unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Ok(())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (name, mime, text);
        Err("downloads need a browser".into())
    }
}

/// Today as `YYYY-MM-DD` in the founder's time zone (empty outside the browser).
pub fn today() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new_0();
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )
    }
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

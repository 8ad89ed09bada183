//! Request extractors: the caller (session cookie or bearer token), the language,
//! and JSON bodies and query strings whose failures become localized JSON errors.

use crate::AppState;
use crate::error::ApiError;
use crate::i18n::Lang;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use axum::http::request::Parts;
use chiso_app::{ErrorKind, Problem};
use chiso_core::access::Principal;
use serde::de::DeserializeOwned;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "chiso_session";
/// Name of the language cookie.
pub const LANG_COOKIE: &str = "chiso_lang";

/// The value of a cookie in the request.
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The language of a page request: `?lang=`, then the cookie, then Vietnamese.
pub fn page_lang(parts: &Parts) -> Lang {
    let from_query = parts.uri.query().and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::parse(v))
    });
    from_query
        .or_else(|| cookie(parts, LANG_COOKIE).and_then(|v| Lang::parse(&v)))
        .unwrap_or_default()
}

/// The language of an API request: `Accept-Language` when it prefers English, else Vietnamese.
pub fn api_lang(parts: &Parts) -> Lang {
    parts
        .headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok())
        .and_then(|s| s.split(',').next())
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// The language of an API request, as an extractor.
#[derive(Debug, Clone, Copy)]
pub struct ApiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiLang(api_lang(parts)))
    }
}

/// Finds the caller of a request from the bearer token or the session cookie.
pub async fn principal(
    parts: &Parts,
    state: &AppState,
) -> Result<Option<Principal>, chiso_app::AppError> {
    let bearer = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    if let Some(token) = bearer {
        return state.app.principal_for_token(token).await;
    }
    match cookie(parts, SESSION_COOKIE) {
        Some(token) => state.app.principal_for_session(&token).await,
        None => Ok(None),
    }
}

/// The signed-in caller of an API route; 401 JSON otherwise.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    /// Who is calling.
    pub who: Principal,
    /// Their language.
    pub lang: Lang,
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let lang = api_lang(parts);
        match principal(parts, state)
            .await
            .map_err(|e| ApiError::new(e, lang))?
        {
            Some(who) => Ok(ApiCaller { who, lang }),
            None => Err(ApiError::new(
                Problem::new(ErrorKind::Unauthenticated, "unauthenticated"),
                lang,
            )),
        }
    }
}

/// A JSON request body, parsed to a JSON value first so that a malformed body is a 400
/// and a well-formed body of the wrong shape is a 422 naming the field.
#[derive(Debug, Clone)]
pub struct ApiJson(pub serde_json::Value);

impl<S: Send + Sync> FromRequest<S> for ApiJson {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (mut parts, body) = req.into_parts();
        let lang = api_lang(&parts);
        let is_json = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|c| c.starts_with("application/json"));
        let bad = |detail: String| {
            ApiError::new(Problem::invalid("json.body").arg("detail", detail), lang)
        };
        if !is_json {
            return Err(bad("Content-Type must be application/json".into()));
        }
        let req = Request::from_parts(parts.clone(), body);
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| bad(e.body_text()))?;
        let _ = &mut parts;
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|e| bad(e.to_string()))
    }
}

impl ApiJson {
    /// Deserializes the body into `T`, naming the offending field on failure.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Problem> {
        chiso_app::values::parse_json(&self.0)
    }
}

/// A query string deserialized into `T`; failure is a 422 JSON error.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let lang = api_lang(parts);
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded_from(q).map(ApiQuery).map_err(|detail| {
            ApiError::new(
                Problem::invalid("query.invalid").arg("detail", detail),
                lang,
            )
        })
    }
}

fn serde_urlencoded_from<T: DeserializeOwned>(q: &str) -> Result<T, String> {
    axum::extract::Query::<T>::try_from_uri(&format!("/?{q}").parse().map_err(|e| format!("{e}"))?)
        .map(|axum::extract::Query(v)| v)
        .map_err(|e| e.body_text())
}

//! chiso-web
